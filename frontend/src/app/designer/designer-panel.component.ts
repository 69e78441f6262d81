import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { DesignerTurn, JourneyGraph } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { DiffCanvasComponent } from '../diff/diff-canvas.component';
import { compareGraphs, describeDiff, diffCanvasGraph } from '../diff/graph-diff';
import { EditorStore } from '../editor/state/editor-store';

interface LogLine {
  from: 'you' | 'designer' | 'error';
  text: string;
}

/**
 * The AI designer inside the editor: a conversation (streamed over server-sent events) or a
 * strategy document; each proposal is previewed as a diff against the canvas, then applied to
 * it as one undoable edit (saved with the draft like any other).
 */
@Component({
  selector: 'kal-designer-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DiffCanvasComponent],
  template: `
    <aside class="designer" aria-label="AI designer" data-testid="designer-panel">
      <header class="designer-header">
        <h2>AI designer</h2>
        <span class="spacer"></span>
        @if (sessionId()) {
          <button type="button" (click)="reset()">New conversation</button>
        }
      </header>
      <div class="designer-log" data-testid="designer-log">
        @for (line of log(); track $index) {
          <div [class]="'msg msg-' + line.from" data-testid="designer-message">{{ line.text }}</div>
        } @empty {
          <p class="muted">
            Describe a journey ("When a customer signs up, send a welcome email. Wait 3 days. If they haven't
            opened it, send an SMS.") or import a plan; then ask for changes ("make the wait 5 days").
          </p>
        }
        @if (streaming(); as text) {
          <div class="msg msg-designer streaming" data-testid="designer-streaming">{{ text }}</div>
        }
      </div>
      <form class="designer-form" (submit)="$event.preventDefault(); send(message.value); message.value = ''">
        <textarea
          #message
          name="designerMessage"
          rows="4"
          [placeholder]="sessionId() ? 'Ask for a change' : 'Describe the journey'"
        ></textarea>
        <button type="submit" class="primary" [disabled]="busy()">
          {{ busy() ? 'Designing…' : 'Send' }}
        </button>
      </form>
      <label class="designer-upload"
        >Import a strategy document (xlsx, csv, docx, pdf)
        <input
          type="file"
          name="designerDocument"
          accept=".xlsx,.csv,.docx,.pdf"
          [disabled]="busy()"
          (change)="upload($any($event.target))"
        />
      </label>
    </aside>
    @if (preview(); as p) {
      <div class="designer-preview" data-testid="designer-preview">
        <header class="designer-header">
          <strong
            >Proposal of turn {{ p.turn.turn }} ({{ p.turn.designer }} designer), compared with the
            canvas</strong
          >
          <span class="spacer"></span>
          <button type="button" class="primary" (click)="apply(p.turn)">Apply to canvas</button>
          <button type="button" (click)="proposal.set(null)">Discard</button>
        </header>
        <div class="compare-body">
          <div class="diff-host"><kal-diff-canvas [graph]="p.canvas" /></div>
          <ul class="diff-list" data-testid="proposal-diff">
            @for (line of p.lines; track $index) {
              <li>{{ line }}</li>
            } @empty {
              <li class="muted">Same as the canvas.</li>
            }
          </ul>
        </div>
      </div>
    }
  `,
})
export class DesignerPanelComponent {
  private readonly gateway = inject(GatewayClient);
  private readonly store = inject(EditorStore);

  protected readonly sessionId = signal<string | null>(null);
  protected readonly log = signal<LogLine[]>([]);
  protected readonly streaming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly proposal = signal<DesignerTurn | null>(null);
  /** The proposal against what is on the canvas now (not against the designer's previous turn). */
  protected readonly preview = computed(() => {
    const turn = this.proposal();
    if (!turn) return null;
    const current = this.store.graph();
    const diff = compareGraphs(current, turn.graph);
    return { turn, canvas: diffCanvasGraph(current, turn.graph, diff), lines: describeDiff(diff) };
  });

  protected reset(): void {
    this.sessionId.set(null);
    this.proposal.set(null);
    this.log.set([]);
  }

  protected async send(text: string): Promise<void> {
    const message = text.trim();
    if (!message || this.busy()) return;
    this.say('you', message);
    this.busy.set(true);
    this.streaming.set('');
    try {
      const turn = await this.gateway.designerTurn(this.sessionId(), message, (piece) =>
        this.streaming.update((s) => (s ?? '') + piece),
      );
      this.received(turn, this.streaming() || turn.explanation || turn.summary);
    } catch (err) {
      this.say('error', err instanceof Error ? err.message : String(err));
    } finally {
      this.streaming.set(null);
      this.busy.set(false);
    }
  }

  protected async upload(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file || this.busy()) return;
    this.say('you', `Imported ${file.name}`);
    this.busy.set(true);
    try {
      const turn = await this.gateway.importDocument(file);
      this.received(turn, `${turn.summary}\n${turn.explanation}`);
    } catch (err) {
      this.say('error', err instanceof Error ? err.message : String(err));
    } finally {
      input.value = '';
      this.busy.set(false);
    }
  }

  protected apply(turn: DesignerTurn): void {
    const graph: JourneyGraph = turn.graph;
    this.store.apply(() => graph);
    this.proposal.set(null);
    this.say(
      'designer',
      `Applied turn ${turn.turn} to the canvas (Undo takes it back; Save draft keeps it).`,
    );
  }

  private received(turn: DesignerTurn, text: string): void {
    this.sessionId.set(turn.sessionId);
    const notes = turn.notes?.length ? `\nAssumed: ${turn.notes.join('; ')}` : '';
    this.say('designer', `${text}${notes}`);
    this.proposal.set(turn);
  }

  private say(from: LogLine['from'], text: string): void {
    this.log.update((l) => [...l, { from, text }]);
  }
}
