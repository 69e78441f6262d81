import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** One row of bars: a label and one value per series. */
export interface BarRow {
  label: string;
  values: number[];
  /** Shown after the bars instead of the values (e.g. a rate). */
  note?: string;
}

export interface BarSeries {
  name: string;
  color: string;
}

const LABEL_W = 150;
const BAR_H = 14;
const GAP = 3;
const ROW_PAD = 10;
const PLOT_W = 460;
const NOTE_W = 130;

/**
 * A horizontal grouped bar chart in plain SVG: a row per label, a bar per series, the value at the
 * end of each bar. `format` writes the values (counts by default; durations for times).
 */
@Component({
  selector: 'kal-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width + ' ' + height()"
      [attr.width]="width"
      [attr.height]="height()"
      role="img"
      [attr.aria-label]="title()"
      class="bar-chart"
    >
      <title>{{ title() }}</title>
      @for (row of layout(); track $index) {
        <g [attr.transform]="'translate(0,' + row.y + ')'" [attr.data-row]="row.label">
          <text
            [attr.x]="labelW - 8"
            [attr.y]="row.mid"
            text-anchor="end"
            dominant-baseline="middle"
            class="label"
          >
            {{ row.label }}
          </text>
          @for (bar of row.bars; track $index) {
            <rect
              [attr.x]="labelW"
              [attr.y]="bar.y"
              [attr.width]="bar.w"
              [attr.height]="barH"
              [attr.fill]="bar.color"
              [attr.data-series]="bar.series"
              [attr.data-value]="bar.value"
              rx="2"
            ></rect>
            <text
              [attr.x]="labelW + bar.w + 4"
              [attr.y]="bar.y + barH / 2"
              dominant-baseline="middle"
              class="value"
            >
              {{ bar.text }}
            </text>
          }
          @if (row.note) {
            <text
              [attr.x]="width - 4"
              [attr.y]="row.mid"
              text-anchor="end"
              dominant-baseline="middle"
              class="note"
            >
              {{ row.note }}
            </text>
          }
        </g>
      }
    </svg>
    @if (series().length > 1) {
      <div class="legend">
        @for (s of series(); track s.name) {
          <span><i [style.background]="s.color"></i>{{ s.name }}</span>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .bar-chart text {
      font-size: 12px;
      fill: #1d2330;
    }
    .bar-chart .value,
    .bar-chart .note {
      fill: #667085;
    }
    .legend {
      display: flex;
      gap: 14px;
      font-size: 12px;
      color: #667085;
      margin: 2px 0 0 150px;
    }
    .legend i {
      display: inline-block;
      width: 10px;
      height: 10px;
      margin-right: 4px;
      border-radius: 2px;
    }
  `,
})
export class BarChartComponent {
  readonly title = input.required<string>();
  readonly rows = input.required<BarRow[]>();
  readonly series = input.required<BarSeries[]>();
  readonly format = input<(value: number) => string>((v) => v.toLocaleString('en'));

  protected readonly width = LABEL_W + PLOT_W + NOTE_W;
  protected readonly labelW = LABEL_W;
  protected readonly barH = BAR_H;

  protected readonly layout = computed(() => {
    const series = this.series();
    const format = this.format();
    const max = Math.max(1, ...this.rows().flatMap((r) => r.values));
    const rowH = series.length * (BAR_H + GAP) + ROW_PAD;
    return this.rows().map((row, i) => ({
      label: row.label,
      note: row.note,
      y: i * rowH,
      mid: (series.length * (BAR_H + GAP)) / 2,
      bars: series.map((s, j) => {
        const value = row.values[j] ?? 0;
        return {
          series: s.name,
          color: s.color,
          value,
          text: format(value),
          y: j * (BAR_H + GAP),
          // A zero still shows as a sliver, so that a row with nothing is visibly measured.
          w: Math.max(1, Math.round((value / max) * (PLOT_W - 60))),
        };
      }),
    }));
  });

  protected readonly height = computed(
    () => Math.max(1, this.rows().length) * (this.series().length * (BAR_H + GAP) + ROW_PAD),
  );
}
