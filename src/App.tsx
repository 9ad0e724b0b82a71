import { Announcer } from './components/Announcer';
import { ClassSearch } from './components/ClassSearch';
import { Controls } from './components/Controls';
import { DropTarget } from './components/DropTarget';
import { ExportButtons } from './components/ExportButtons';
import { FileButton } from './components/FileButton';
import { MethodBar } from './components/MethodBar';
import { OfflineBanners } from './components/OfflineBanners';
import { OfflineStatus } from './components/OfflineStatus';
import { ModelPicker } from './components/ModelPicker';
import { ModelPanel } from './components/import/ModelPanel';
import { PredictionList } from './components/PredictionList';
import { ResultBar } from './components/ResultBar';
import { ResultJson } from './components/ResultJson';
import { Samples } from './components/Samples';
import { Stage } from './components/Stage';
import { StatsPanel } from './components/StatsPanel';
import { StoragePanel } from './components/StoragePanel';
import { StatusBanner } from './components/StatusBanner';
import { SweepChart } from './components/SweepChart';
import { WebcamBar } from './components/WebcamBar';
import { WebcamButton } from './components/WebcamButton';
import { ExplainPanel } from './components/explain/ExplainPanel';
import { HeadSwitch } from './components/teach/HeadSwitch';
import { TeachButton } from './components/teach/TeachButton';
import { TeachPanel } from './components/teach/TeachPanel';

export function App() {
  return (
    <DropTarget>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <div>
            <h1>CAM Studio</h1>
            <p>where the network looks — class activation maps, computed on your device</p>
          </div>
        </div>
        <div className="topbar-actions">
          <OfflineStatus />
          <ModelPicker />
          <FileButton />
          <WebcamButton />
          <TeachButton />
          <ExportButtons />
        </div>
      </header>
      <main className="layout">
        <section className="stage-column" aria-label="Image and heatmap">
          <OfflineBanners />
          <StatusBanner />
          <MethodBar />
          {/* The live controls above the picture: on screen at 1440×900 without scrolling. */}
          <WebcamBar />
          <Stage />
          <ResultBar />
          <ExplainPanel />
          <Samples />
        </section>
        <aside className="sidebar" aria-label="Classes and settings">
          <HeadSwitch />
          <PredictionList />
          <TeachPanel />
          <ClassSearch />
          <Controls />
          <SweepChart />
          <StatsPanel />
          <ModelPanel />
          <StoragePanel />
        </aside>
      </main>
      <ResultJson />
      <Announcer />
    </DropTarget>
  );
}
