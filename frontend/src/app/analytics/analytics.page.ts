import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type {
  AbSplitResult,
  AnalyticsSummary,
  FunnelStep,
  Journey,
  JourneyGraph,
  NodeStats,
} from '../api/api-models';
import { GatewayClient, type AnalyticsRange } from '../api/gateway-client';
import { BarChartComponent, type BarRow, type BarSeries } from './bar-chart.component';
import { defaultFunnelPath } from './journey-paths';

const RANGES: { label: string; hours: number | null }[] = [
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 24 * 7 },
  { label: 'Last 30 days', hours: 24 * 30 },
  { label: 'All time', hours: null },
];

const COUNT_SERIES: BarSeries[] = [
  { name: 'entered', color: '#3b5bdb' },
  { name: 'went on (exited by an output)', color: '#2b8a3e' },
  { name: 'left the journey here', color: '#c92a2a' },
];
const TIME_SERIES: BarSeries[] = [
  { name: 'average', color: '#1971c2' },
  { name: 'p95', color: '#e67700' },
];
const FUNNEL_SERIES: BarSeries[] = [{ name: 'reached', color: '#3b5bdb' }];

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** 1234 ms -> "1.2 s", 5400000 -> "1.5 h". */
export function duration(ms: number): string {
  if (ms === 0) return '0';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size) return `${(ms / size).toFixed(1)} ${unit}`;
  return `${ms} ms`;
}

/**
 * A journey's analytics (`GET /v1/journeys/{id}/analytics[/nodes|/funnel]`, services/analytics):
 * the figures over a range, a funnel along a path, per-node counts and time spent, and per A/B
 * split its variants' customers and conversions with the significance test of each pair
 * (`/analytics/ab-results`).
 */
@Component({
  selector: 'kal-analytics-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, BarChartComponent],
  templateUrl: './analytics.page.html',
})
export class AnalyticsPage implements OnInit {
  /** The route's `:id`. */
  readonly id = input.required<string>();
  private readonly gateway = inject(GatewayClient);

  protected readonly ranges = RANGES;
  protected readonly countSeries = COUNT_SERIES;
  protected readonly timeSeries = TIME_SERIES;
  protected readonly funnelSeries = FUNNEL_SERIES;
  protected readonly duration = duration;
  protected readonly percent = percent;

  protected readonly journey = signal<Journey | null>(null);
  protected readonly graph = signal<JourneyGraph | null>(null);
  protected readonly rangeIndex = signal(1);
  protected readonly summary = signal<AnalyticsSummary | null>(null);
  protected readonly nodeStats = signal<NodeStats[]>([]);
  protected readonly version = signal<number | null>(null);
  protected readonly path = signal<string[]>([]);
  protected readonly funnel = signal<FunnelStep[]>([]);
  protected readonly splits = signal<AbSplitResult[]>([]);
  protected readonly minSample = signal<number | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly loading = signal(false);

  protected readonly versions = computed(() => [...new Set(this.nodeStats().map((n) => n.version))].sort());
  /** The chosen version's rows, in the graph's node order (the API orders them by id). */
  protected readonly versionStats = computed(() => {
    const order = new Map((this.graph()?.nodes ?? []).map((n, i) => [n.id, i]));
    const at = (id: string) => order.get(id) ?? order.size;
    return this.nodeStats()
      .filter((n) => n.version === this.version())
      .sort((a, b) => at(a.nodeId) - at(b.nodeId) || a.nodeId.localeCompare(b.nodeId));
  });
  protected readonly countRows = computed<BarRow[]>(() =>
    this.versionStats().map((n) => ({ label: n.nodeId, values: [n.entered, n.exited, n.ended] })),
  );
  protected readonly timeRows = computed<BarRow[]>(() =>
    this.versionStats()
      .filter((n) => n.exited > 0)
      .map((n) => ({ label: n.nodeId, values: [n.avgMs, n.p95Ms] })),
  );
  protected readonly funnelRows = computed<BarRow[]>(() =>
    this.funnel().map((s) => ({ label: s.nodeId, values: [s.reached], note: percent(s.rate) })),
  );

  ngOnInit(): void {
    void this.open();
  }

  private async open(): Promise<void> {
    try {
      const journey = await this.gateway.getJourney(this.id());
      this.journey.set(journey);
      if (journey.latestVersion === null) return;
      const { graph } = await this.gateway.getVersion(journey.id, journey.latestVersion);
      this.graph.set(graph);
      this.path.set(defaultFunnelPath(graph));
      await this.load();
    } catch (err) {
      this.error.set((err as Error).message);
    }
  }

  protected async setRange(index: number): Promise<void> {
    this.rangeIndex.set(index);
    await this.load();
  }

  protected async setPath(text: string): Promise<void> {
    this.path.set(
      text
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    );
    await this.load();
  }

  protected setVersion(value: string): void {
    this.version.set(Number(value));
  }

  /** Reads every figure of the range again. */
  protected async load(): Promise<void> {
    const graph = this.graph();
    if (!graph) return;
    const hours = RANGES[this.rangeIndex()]?.hours ?? null;
    const range: AnalyticsRange = {
      from: hours === null ? null : new Date(Date.now() - hours * 3_600_000).toISOString(),
      to: null,
    };
    const id = this.id();
    this.loading.set(true);
    this.error.set(null);
    const path = this.path();
    // Each part on its own: one failing route leaves the others shown.
    const [summary, nodes, funnel, splits] = await Promise.allSettled([
      this.gateway.analyticsSummary(id, range),
      this.gateway.analyticsNodes(id, range),
      path.length >= 2 ? this.gateway.funnel(id, path, range) : Promise.resolve([]),
      this.gateway.abResults(id, range),
    ]);
    if (summary.status === 'fulfilled') this.summary.set(summary.value);
    if (nodes.status === 'fulfilled') {
      this.nodeStats.set(nodes.value);
      const versions = [...new Set(nodes.value.map((n) => n.version))];
      if (!versions.includes(this.version() ?? -1))
        this.version.set(versions.length ? Math.max(...versions) : null);
    }
    if (funnel.status === 'fulfilled') this.funnel.set(funnel.value);
    if (splits.status === 'fulfilled') {
      this.splits.set(splits.value.splits);
      this.minSample.set(splits.value.minSamplePerVariant);
    }
    const failures = [summary, nodes, funnel, splits]
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => String((r.reason as Error).message ?? r.reason));
    this.error.set(failures.length ? [...new Set(failures)].join('; ') : null);
    this.loading.set(false);
  }

  /** The node a variant leads to on the latest version's graph. */
  protected target(splitId: string, variant: string): string {
    return (
      this.graph()?.edges.find((e) => e.from === splitId && e.output === `variant:${variant}`)?.to ?? '—'
    );
  }
}
