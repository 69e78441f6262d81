/**
 * The generative designer: asks the model for a graph (from a brief, or the current draft and a
 * refinement message), validates it with the domain, and feeds the validator's errors back for
 * a bounded number of repairs. When the model fails (transport error, no valid graph after the
 * last repair) the offline designer answers instead, and the answer says so.
 */
import { diffVersions, validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { DesignError } from '../domain/design/design-error';
import { briefTurn, refineTurn, repairTurn, systemInstruction } from '../domain/design/model-prompt';
import {
  designOffline,
  explainDesign,
  MAX_BRIEF_LENGTH,
  type Design,
} from '../domain/design/offline-designer';
import { explainGraph } from '../domain/explain/explain-graph';
import { layoutGraph } from '../domain/layout/layered-layout';
import type { JourneyDesigner, RefinedDesign } from '../ports/journey-designer';
import type { LanguageModel, ModelTurn } from '../ports/language-model';
import { refineOffline } from './offline-journey-designer';

export interface GeminiDesignerOptions {
  /** Model calls per brief or message: the first answer plus repairs. */
  maxAttempts: number;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface DesignAttempt {
  attempts: number;
  /** Why the offline designer answered, when it did. */
  fallbackReason?: string;
}

type ModelOutcome =
  { graph: JourneyGraph; explanation: string; attempts: number } | { reason: string; attempts: number };

export class GeminiJourneyDesigner implements JourneyDesigner {
  private readonly system = systemInstruction();

  constructor(
    private readonly model: LanguageModel,
    private readonly options: GeminiDesignerOptions,
  ) {}

  async design(brief: string, onText?: (text: string) => void): Promise<Design> {
    return (await this.designWithStream(brief, onText)).design;
  }

  async refine(
    current: JourneyGraph,
    instruction: string,
    onText?: (text: string) => void,
  ): Promise<RefinedDesign> {
    return (await this.refineWithStream(current, instruction, onText)).refined;
  }

  /** As design(), passing the model's answer on piece by piece to `onText` as it streams. */
  async designWithStream(
    brief: string,
    onText?: (text: string) => void,
  ): Promise<{ design: Design } & DesignAttempt> {
    const text = brief.trim();
    if (text === '')
      throw new DesignError('empty_brief', 'The brief is empty: describe the journey in a few sentences');
    if (text.length > MAX_BRIEF_LENGTH) {
      throw new DesignError(
        'brief_too_long',
        `The brief has ${text.length} characters; at most ${MAX_BRIEF_LENGTH} are read`,
      );
    }
    const outcome = await this.askForGraph(briefTurn(text), onText);
    if ('graph' in outcome) {
      const graph = layoutGraph(outcome.graph);
      const explanation = `${outcome.explanation.trim()}\n\n${explainDesign(graph, [], [])}`.trim();
      return {
        design: { graph, explanation, notes: [], unparsed: [], designer: 'gemini' },
        attempts: outcome.attempts,
      };
    }
    const offline = designOffline(text);
    const note = notUsed(outcome.reason, 'built this journey');
    return {
      design: {
        ...offline,
        notes: [note, ...offline.notes],
        explanation: `${note}\n\n${offline.explanation}`,
      },
      attempts: outcome.attempts,
      fallbackReason: outcome.reason,
    };
  }

  /**
   * A refinement message applied by the model to the current draft, with the same validate ->
   * repair loop; the offline refinement when the model fails (its error when it cannot apply
   * the message either, saying the model was not used).
   */
  async refineWithStream(
    current: JourneyGraph,
    instruction: string,
    onText?: (text: string) => void,
  ): Promise<{ refined: RefinedDesign } & DesignAttempt> {
    const text = instruction.trim();
    if (text === '')
      throw new DesignError(
        'empty_brief',
        'The instruction is empty: say what to change, e.g. "make the wait 5 days"',
      );
    if (text.length > MAX_BRIEF_LENGTH) {
      throw new DesignError(
        'brief_too_long',
        `The instruction has ${text.length} characters; at most ${MAX_BRIEF_LENGTH} are read`,
      );
    }
    const outcome = await this.askForGraph(refineTurn(current, text), onText);
    if ('graph' in outcome) {
      const graph = layoutGraph(outcome.graph);
      const summary = outcome.explanation.trim() || 'Changed the journey as asked.';
      return {
        refined: {
          graph,
          diff: diffVersions(current, graph),
          summary,
          explanation: explainGraph(graph),
          designer: 'gemini',
          notes: [],
        },
        attempts: outcome.attempts,
      };
    }
    const note = notUsed(outcome.reason, 'applied this change');
    let refined: RefinedDesign;
    try {
      refined = refineOffline(current, text, undefined, [note]);
    } catch (error) {
      if (error instanceof DesignError) {
        throw new DesignError(
          error.code,
          `${error.message} (the AI model was not used: ${outcome.reason})`,
          error.location,
        );
      }
      throw error;
    }
    return {
      refined: { ...refined, explanation: `${note}\n\n${refined.explanation}` },
      attempts: outcome.attempts,
      fallbackReason: outcome.reason,
    };
  }

  /** The model's valid graph for the request, repaired up to maxAttempts, or why there is none. */
  private async askForGraph(request: string, onText?: (text: string) => void): Promise<ModelOutcome> {
    const turns: ModelTurn[] = [{ role: 'user', text: request }];
    let reason = 'no valid journey after the last repair';
    let attempts = 0;
    while (attempts < this.options.maxAttempts) {
      attempts += 1;
      let answer: string;
      try {
        answer = await this.model.generate(this.system, turns, onText);
      } catch (error) {
        reason = `the model could not be reached (${(error as Error).message})`;
        this.options.log?.('gemini call failed', { attempt: attempts, error: (error as Error).message });
        break;
      }
      turns.push({ role: 'model', text: answer });
      const parsed = parseAnswer(answer);
      if (typeof parsed === 'string') {
        turns.push({ role: 'user', text: repairTurn(parsed) });
        continue;
      }
      const result = validateGraph(parsed.graph);
      if (result.ok) return { ...parsed, attempts };
      this.options.log?.('gemini answer invalid', { attempt: attempts, problems: result.errors.length });
      turns.push({ role: 'user', text: repairTurn(result.errors) });
    }
    return { reason, attempts };
  }
}

function notUsed(reason: string, what: string): string {
  return `The AI model was not used (${reason}); the offline designer ${what}.`;
}

/** The answer's graph and explanation, or what is wrong with the answer (for the repair turn). */
function parseAnswer(answer: string): { graph: JourneyGraph; explanation: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch (error) {
    return `- the answer is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || !('graph' in value))
    return '- the answer has no "graph" object';
  const { graph, explanation } = value as { graph: Record<string, unknown>; explanation?: unknown };
  // Gemini answers null for the optional fields it leaves out; the graph has them absent.
  for (const key of ['exitCriteria', 'goal']) if (graph?.[key] === null) delete graph[key];
  return {
    graph: graph as unknown as JourneyGraph,
    explanation: typeof explanation === 'string' ? explanation : '',
  };
}
