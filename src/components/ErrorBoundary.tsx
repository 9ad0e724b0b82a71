import { Component, type ReactNode } from 'react';

/** A rendering bug shows a message and a way back instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong on this page.</h1>
        <p>{this.state.error.message}</p>
        <button className="button primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
