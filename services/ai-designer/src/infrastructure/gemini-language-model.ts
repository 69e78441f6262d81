/** The LanguageModel port over `@google/generative-ai`, with JSON output constrained by the schema. */
import { GoogleGenerativeAI, type Content, type GenerativeModel } from '@google/generative-ai';
import { activeContext, beginOutgoing, endWork, injectContext, SpanKind } from '@kalcifer/platform';
import type { LanguageModel, ModelTurn } from '../ports/language-model';
import { journeyResponseSchema } from './gemini-response-schema';

export interface GeminiSettings {
  apiKey: string;
  model: string;
  /** Another endpoint speaking the Gemini REST API (tests, proxies); Google's when absent. */
  baseUrl?: string;
  timeoutMs: number;
}

export class GeminiLanguageModel implements LanguageModel {
  private readonly client: GoogleGenerativeAI;
  private readonly schema = journeyResponseSchema();

  constructor(private readonly settings: GeminiSettings) {
    this.client = new GoogleGenerativeAI(settings.apiKey);
  }

  private model(system: string, headers: Record<string, string>): GenerativeModel {
    return this.client.getGenerativeModel(
      {
        model: this.settings.model,
        systemInstruction: system,
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: this.schema,
          temperature: 0.2,
        },
      },
      {
        timeout: this.settings.timeoutMs,
        customHeaders: headers,
        ...(this.settings.baseUrl !== undefined ? { baseUrl: this.settings.baseUrl } : {}),
      },
    );
  }

  /**
   * One model call, in the request's trace: a CLIENT span (with the SDK) and its W3C traceparent
   * header on the HTTP request, like every other outgoing call.
   */
  async generate(system: string, turns: ModelTurn[], onText?: (text: string) => void): Promise<string> {
    const call = beginOutgoing(`gemini ${this.settings.model}`, SpanKind.CLIENT, activeContext(), {
      'gen_ai.system': 'gemini',
      'gen_ai.request.model': this.settings.model,
    });
    const headers: Record<string, string> = {};
    injectContext((key, value) => (headers[key] = value), call.ctx);
    try {
      const text = await this.call(this.model(system, headers), turns, onText);
      endWork(call.span);
      return text;
    } catch (err) {
      endWork(call.span, err);
      throw err;
    }
  }

  private async call(
    model: GenerativeModel,
    turns: ModelTurn[],
    onText: ((text: string) => void) | undefined,
  ): Promise<string> {
    const contents: Content[] = turns.map((turn) => ({ role: turn.role, parts: [{ text: turn.text }] }));
    if (onText === undefined) {
      const result = await model.generateContent({ contents });
      return result.response.text();
    }
    const result = await model.generateContentStream({ contents });
    let text = '';
    for await (const chunk of result.stream) {
      const piece = chunk.text();
      if (piece === '') continue;
      text += piece;
      onText(piece);
    }
    return text;
  }
}
