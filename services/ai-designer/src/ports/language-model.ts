/** A generative model answering in JSON constrained by the journey schema (Gemini behind it). */
export interface ModelTurn {
  role: 'user' | 'model';
  text: string;
}

export interface LanguageModel {
  /**
   * The model's JSON answer to the conversation so far. With `onText`, the answer is streamed
   * and each piece is passed on as it arrives. Throws on a transport or API error.
   */
  generate(system: string, turns: ModelTurn[], onText?: (text: string) => void): Promise<string>;
}
