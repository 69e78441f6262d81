/**
 * The generative designer: asks the model for a graph, validates it with the domain, and feeds
 * the validator's errors back for a bounded number of repairs. When the model fails (transport
 * error, no valid graph after the last repair) the offline designer answers instead, and the
 * explanation says so.
 */
import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { DesignError } from '../domain/design/design-error';
import { briefTurn, repairTurn, systemInstruction } from '../domain/design/model-prompt';
import {
  designOffline,
  explainDesign,
  MAX_BRIEF_LENGTH,
  type Design,
} from '../domain/design/offline-designer';
import { layoutGraph } from '../domain/layout/layered-layout';
import type { JourneyDesigner } from '../ports/journey-designer';
import type { LanguageModel, ModelTurn } from '../ports/language-model';

export interface GeminiDesignerOptions {
  /** Model calls per brief: the first answer plus repairs. */
  maxAttempts: number;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface DesignAttempt {
  attempts: number;
  /** Why the offline designer answered, when it did. */
  fallbackReason?: string;
}

export class GeminiJourneyDesigner implements JourneyDesigner {
  private readonly system = systemInstruction();

  constructor(
    private readonly model: LanguageModel,
    private readonly options: GeminiDesignerOptions,
  ) {}

  async design(brief: string, onText?: (text: string) => void): Promise<Design> {
    return (await this.designWithStream(brief, onText)).design;
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
    const turns: ModelTurn[] = [{ role: 'user', text: briefTurn(text) }];
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
      if (result.ok) {
        const graph = layoutGraph(parsed.graph);
        const explanation = `${parsed.explanation.trim()}\n\n${explainDesign(graph, [], [])}`.trim();
        return { design: { graph, explanation, notes: [], unparsed: [], designer: 'gemini' }, attempts };
      }
      this.options.log?.('gemini answer invalid', { attempt: attempts, problems: result.errors.length });
      turns.push({ role: 'user', text: repairTurn(result.errors) });
    }
    const offline = designOffline(text);
    const note = `The AI model was not used (${reason}); the offline designer built this journey.`;
    return {
      design: {
        ...offline,
        notes: [note, ...offline.notes],
        explanation: `${note}\n\n${offline.explanation}`,
      },
      attempts,
      fallbackReason: reason,
    };
  }
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
