/* istanbul ignore file -- shipped as source text (toString): instrumentation would break it */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any,
   @typescript-eslint/no-unsafe-return */

/**
 * The driver that runs INSIDE QuickJS. It is shipped as source text (Function.prototype.toString),
 * so it must not refer to anything outside its own body. It captures the built-ins it needs
 * before user code runs (user code may overwrite globals; that only affects its own run),
 * makes the clock, the time zone and Math.random deterministic, captures console output, compiles
 * the user's function body, calls it and serialises the result to JSON text.
 *
 * Returns `run(source, inputJson, now, seed, maxOutputChars)`, which returns the JSON text of
 * `{ outcome, logs }` (see VmOutcome in run-protocol.ts). Only the timeout (an uncatchable
 * interrupt) and failures inside this driver itself escape as exceptions.
 */
export function sandboxPrelude(): (
  source: string,
  inputJson: string,
  now: number,
  seed: string,
  maxOutputChars: number,
) => string {
  'use strict';
  const global: any = globalThis;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const FunctionCtor = Function;
  const StringCtor = String;
  const RealDate = Date;
  const dateProto: any = Date.prototype;
  const defineProperty = Object.defineProperty;
  const construct = Reflect.construct;
  const isArray = Array.isArray;
  const imul = Math.imul;
  const PromiseCtor = Promise;
  const WeakMapCtor = WeakMap;
  const TypeErrorCtor = TypeError;
  const SyntaxErrorCtor = SyntaxError;
  const ErrorCtor = Error;
  const InternalErrorCtor = global.InternalError;
  const regExpExec = RegExp.prototype.exec;
  const apply = Reflect.apply;
  const setPrototypeOf = Object.setPrototypeOf;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;
  // User code may replace prototype methods; the driver calls the originals it captured here.
  const matches = (pattern: RegExp, text: string): boolean => apply(regExpExec, pattern, [text]) !== null;
  /** Function() puts the body after "(function anonymous(<params>\n) {\n": body line 1 is line 3. */
  const BODY_LINE_OFFSET = 2;
  const MAX_LOG_LINES = 100;
  const MAX_LOG_LINE_CHARS = 1000;
  const MAX_MESSAGE_CHARS = 500;

  function hide(target: any, name: string, value: unknown): void {
    defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  }

  function clip(text: string, max: number): string {
    return text.length > max ? text.slice(0, max) + '…' : text;
  }

  // ---- deterministic clock, in UTC ----
  function installClock(now: number): void {
    const isoWithoutZone = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?$/;
    // ISO date-times without an offset mean local time; local time inside the sandbox is UTC.
    const parseUtc = (text: unknown): number => {
      const s = StringCtor(text);
      return RealDate.parse(matches(isoWithoutZone, s) ? s + 'Z' : s);
    };
    const parts = (d: any): string[] | undefined => {
      // "Thu, 01 Jan 1970 00:00:00 GMT" -> [Thu, 01, Jan, 1970, 00:00:00]
      const t = d.getTime();
      return t !== t ? undefined : d.toUTCString().replace(',', '').split(' ');
    };
    const datePart = (p: string[]): string => `${p[0]} ${p[2]} ${p[1]} ${p[3]}`;
    const timePart = (p: string[]): string => `${p[4]} GMT+0000 (Coordinated Universal Time)`;
    function SandboxDate(this: unknown, ...args: unknown[]): unknown {
      if (new.target === undefined) {
        const p = parts(new RealDate(now)) as string[];
        return `${datePart(p)} ${timePart(p)}`;
      }
      if (args.length === 0) return construct(RealDate, [now], new.target);
      if (args.length === 1) {
        const a = args[0];
        return construct(RealDate, [typeof a === 'string' ? parseUtc(a) : a], new.target);
      }
      return construct(RealDate, [(RealDate.UTC as any)(...args)], new.target);
    }
    defineProperty(SandboxDate, 'name', { value: 'Date' });
    defineProperty(SandboxDate, 'length', { value: 7 });
    defineProperty(SandboxDate, 'prototype', { value: dateProto, writable: false });
    hide(SandboxDate, 'now', function now_() {
      return now;
    });
    hide(SandboxDate, 'parse', parseUtc);
    hide(SandboxDate, 'UTC', RealDate.UTC);
    hide(dateProto, 'constructor', SandboxDate);
    const units = ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds'];
    for (const unit of units) {
      hide(dateProto, 'get' + unit, dateProto['getUTC' + unit]);
      if (unit !== 'Day') hide(dateProto, 'set' + unit, dateProto['setUTC' + unit]);
    }
    hide(dateProto, 'getTimezoneOffset', function getTimezoneOffset(this: any) {
      const t = this.getTime();
      return t !== t ? t : 0;
    });
    const formatter = (pick: (p: string[]) => string) =>
      function (this: any): string {
        const p = parts(this);
        return p === undefined ? 'Invalid Date' : pick(p);
      };
    const full = formatter((p) => `${datePart(p)} ${timePart(p)}`);
    hide(dateProto, 'toString', full);
    hide(dateProto, 'toLocaleString', full);
    hide(dateProto, 'toDateString', formatter(datePart));
    hide(dateProto, 'toLocaleDateString', formatter(datePart));
    hide(dateProto, 'toTimeString', formatter(timePart));
    hide(dateProto, 'toLocaleTimeString', formatter(timePart));
    hide(global, 'Date', SandboxDate);
  }

  // ---- seeded Math.random (sfc32 over a 128-bit hash of the seed) ----
  function installRandom(seed: string): void {
    let a = 0x9e3779b9 ^ seed.length;
    let b = 0x243f6a88;
    let c = 0xb7e15162;
    let d = 0x6a09e667;
    for (let i = 0; i < seed.length; i++) {
      const ch = seed.charCodeAt(i);
      a = imul(a ^ ch, 0x85ebca6b);
      b = imul(b ^ ch, 0xc2b2ae35);
      c = imul(c ^ ch, 0x27d4eb2f);
      d = imul(d ^ ch, 0x165667b1);
      a ^= b >>> 15;
      b ^= c >>> 13;
      c ^= d >>> 16;
      d ^= a >>> 11;
    }
    const next = (): number => {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    };
    for (let i = 0; i < 15; i++) next();
    hide(global.Math, 'random', function random() {
      return next();
    });
  }

  // ---- console: captured, never printed ----
  function installConsole(logs: string[]): void {
    const show = (v: unknown): string => {
      if (typeof v === 'string') return v;
      try {
        const json = stringify(v);
        return json === undefined ? StringCtor(v) : json;
      } catch {
        try {
          return StringCtor(v);
        } catch {
          return '[unprintable]';
        }
      }
    };
    const writer = (level: string) =>
      function (...args: unknown[]): void {
        if (logs.length >= MAX_LOG_LINES) return;
        const text = args.map(show).join(' ');
        logs.push(clip(level === 'log' ? text : `${level}: ${text}`, MAX_LOG_LINE_CHARS));
      };
    const console: any = {};
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) hide(console, level, writer(level));
    hide(global, 'console', console);
  }

  // ---- describing what the user's code threw ----
  function lineOf(e: any): number | undefined {
    try {
      if (typeof e?.lineNumber === 'number' && e.fileName === '<input>')
        return e.lineNumber - BODY_LINE_OFFSET;
      const stack = e?.stack;
      if (typeof stack !== 'string') return undefined;
      const match: RegExpExecArray | null = apply(regExpExec, /<input>:(\d+)/, [stack]);
      return match ? Number(match[1]) - BODY_LINE_OFFSET : undefined;
    } catch {
      return undefined;
    }
  }

  function messageOf(e: any): string {
    try {
      if (e instanceof ErrorCtor)
        return clip(`${StringCtor(e.name)}: ${StringCtor(e.message)}`, MAX_MESSAGE_CHARS);
      if (typeof e === 'string') return clip(e, MAX_MESSAGE_CHARS);
      const json = typeof e === 'object' && e !== null ? stringify(e) : undefined;
      return clip(json ?? StringCtor(e), MAX_MESSAGE_CHARS);
    } catch {
      return 'a value that could not be turned into a message';
    }
  }

  function failureOf(e: any): unknown {
    if (InternalErrorCtor && e instanceof InternalErrorCtor) {
      if (e.message === 'out of memory') return { kind: 'memory' };
      if (e.message === 'stack overflow') return { kind: 'stack' };
    }
    return { kind: 'threw', message: messageOf(e), line: lineOf(e) };
  }

  // ---- the result as JSON, naming the first non-JSON part ----
  function serialise(value: unknown, maxOutputChars: number): unknown {
    if (value === undefined) return { kind: 'undefined' };
    const paths = new WeakMapCtor<object, string>();
    const stop = new ErrorCtor('not JSON');
    let problem: { got: string; path: string } | undefined;
    let first = true;
    function replacer(this: any, key: string, v: unknown): unknown {
      let path = '';
      if (first) first = false;
      else {
        const base: string = apply(weakMapGet, paths, [this]) ?? '';
        path = isArray(this) ? `${base}[${key}]` : `${base}.${key}`;
        if (key === '__proto__' && !isArray(this)) {
          problem = { got: 'the key "__proto__"', path: base };
          throw stop;
        }
      }
      const type = typeof v;
      if (type === 'function' || type === 'symbol' || type === 'bigint') problem = { got: type, path };
      else if (type === 'number' && !((v as number) - (v as number) === 0))
        problem = { got: StringCtor(v), path };
      else if (v instanceof PromiseCtor) problem = { got: 'a Promise (async code is not supported)', path };
      if (problem) throw stop;
      if (type === 'object' && v !== null) apply(weakMapSet, paths, [v, path]);
      return v;
    }
    let json: string;
    try {
      json = stringify(value, replacer);
    } catch (e) {
      if (problem) return { kind: 'not-json', got: problem.got, path: problem.path };
      if (e instanceof TypeErrorCtor && matches(/circular/i, StringCtor(e.message)))
        return { kind: 'not-json', got: 'a circular structure', path: '' };
      return failureOf(e);
    }
    if (json.length > maxOutputChars) return { kind: 'output-too-large', chars: json.length };
    return { kind: 'ok', json };
  }

  /** A parse error past the last line is the closing "}" that Function() adds: the body ended early. */
  function syntaxFailure(e: any, source: string): unknown {
    const line = lineOf(e);
    if (line !== undefined && line > source.split('\n').length)
      return {
        kind: 'syntax',
        message: 'the code ends unexpectedly (an unfinished expression, bracket or string?)',
      };
    return { kind: 'syntax', message: clip(StringCtor(e.message), MAX_MESSAGE_CHARS), line };
  }

  /** Null prototypes: a toJSON the user put on Object.prototype or Array.prototype is not consulted. */
  function envelope(outcome: unknown, logs: string[]): string {
    setPrototypeOf(outcome, null);
    setPrototypeOf(logs, null);
    return stringify(setPrototypeOf({ outcome, logs }, null));
  }

  return function run(source, inputJson, now, seed, maxOutputChars) {
    const logs: string[] = [];
    installClock(now);
    installRandom(seed);
    installConsole(logs);
    const input = parse(inputJson);
    let fn: (...args: unknown[]) => unknown;
    try {
      fn = FunctionCtor('customer', 'context', 'event', source) as (...args: unknown[]) => unknown;
    } catch (e: any) {
      return envelope(e instanceof SyntaxErrorCtor ? syntaxFailure(e, source) : failureOf(e), logs);
    }
    let value: unknown;
    try {
      value = fn.call(undefined, input.customer, input.context, input.event);
    } catch (e) {
      return envelope(failureOf(e), logs);
    }
    return envelope(serialise(value, maxOutputChars), logs);
  };
}
