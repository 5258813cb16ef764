// The pickle machine's state and primitive steps (stack, marks, memo, argument readers), kept apart
// from the opcode dispatch in pickle.ts. Values are symbolic: nothing Python is ever constructed.

import type { Severity } from '../types.ts';

export interface PickleIssue {
  offset: number;
  severity: Severity;
  rule: string;
  module?: string;
  name?: string;
  message: string;
}

export interface PickleResult {
  issues: PickleIssue[];
  opcodes: number;
  /** Offset just past STOP, or -1 when the program did not reach STOP. */
  end: number;
  /** True when the program imported or called anything (a stream of bytes that merely looks like a pickle does not). */
  active: boolean;
  /** Top of stack at STOP was the torch legacy magic number. */
  torchMagic: boolean;
}

export type Val =
  | { k: 'o' } // an opaque value (numbers, containers, results of allowed constructors)
  | { k: 's'; a: number; b: number; latin: boolean } // a string literal, decoded lazily
  | { k: 'g'; module: string; name: string; off: number; use: 0 | 1 | 2 } // imported global; use: 0 ref, 1 new, 2 call
  | { k: 'c'; off: number } // a value computed by a call at load time
  | { k: 'x' } // the torch legacy magic
  | { k: 't'; first: Extract<Val, { k: 'g' }> }; // a tuple whose first item is a global (copyreg._reconstructor args)

export const O: Val = { k: 'o' };
export type GlobalVal = Extract<Val, { k: 'g' }>;
export const TORCH_MAGIC = Buffer.from([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);

/** Memo keys below this, written in order, are kept in an array. */
const DENSE_MEMO = 1 << 26;
export const CONSTRUCTORS = new Set(['_reconstructor', '__newobj__', '__newobj_ex__']);

export class ParseError extends Error {}

export function tupleOf(first: Val | undefined): Val {
  return first?.k === 'g' ? { k: 't', first } : O;
}

/** Interpreter state for one pickle; each step either advances or throws ParseError after recording why. */
export class Machine {
  readonly issues: PickleIssue[] = [];
  readonly globals: GlobalVal[] = [];
  readonly stack: Val[] = [];
  readonly marks: number[] = [];
  // Dense keys (what picklers write) live in an array; sparse or huge keys in a Map.
  readonly memoArr: Array<Val | undefined> = [];
  readonly memoMap = new Map<number, Val>();
  memoCount = 0;
  readonly buf: Buffer;
  readonly n: number;
  p: number;
  ops = 0;
  active = false;
  end = -1;
  torchMagic = false;
  op = 0;
  opAt: number;

  constructor(buf: Buffer, start: number) {
    this.buf = buf;
    this.n = buf.length;
    this.p = start;
    this.opAt = start;
  }

  fail(rule: string, message: string, severity: Severity = 'high'): never {
    this.issues.push({ offset: this.opAt, severity, rule, message });
    throw new ParseError(message);
  }

  need(k: number): void {
    if (this.p + k > this.n)
      this.fail('scan.parse_error', `truncated: opcode 0x${this.op.toString(16)} needs ${k} more byte(s)`);
  }

  pop(): Val {
    if (
      this.stack.length === 0 ||
      (this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1])
    )
      this.fail('scan.parse_error', `stack underflow at opcode 0x${this.op.toString(16)}`);
    return this.stack.pop()!;
  }

  /** Drop everything above the top MARK; returns the first item after the MARK, if any. */
  popMark(): Val | undefined {
    if (this.marks.length === 0) this.fail('scan.parse_error', 'no MARK on the stack');
    const at = this.marks.pop()!;
    const first = this.stack[at];
    this.stack.length = at;
    return first;
  }

  line(): [number, number] {
    const a = this.p;
    const nl = this.buf.indexOf(10, this.p);
    if (nl < 0 || nl - a > 1 << 20) this.fail('scan.parse_error', 'unterminated text argument');
    this.p = nl + 1;
    return [a, nl];
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.p);
    this.p += 4;
    return v;
  }

  u64(): number {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.p);
    this.p += 8;
    if (v > BigInt(this.n)) this.fail('scan.parse_error', 'length past end of data');
    return Number(v);
  }

  skip(k: number): void {
    this.need(k);
    this.p += k;
  }
  /** A GLOBAL/INST text argument must look like a dotted identifier, or the bytes are not a pickle. */

  ident(a: number, b: number): string {
    if (b <= a || b - a > 512) this.fail('scan.parse_error', 'GLOBAL argument is not an identifier');
    for (let i = a; i < b; i++) {
      const c = this.buf[i];
      const ok =
        (c >= 0x30 && c <= 0x39) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        c === 0x5f ||
        c === 0x2e;
      if (!ok) this.fail('scan.parse_error', 'GLOBAL argument is not an identifier');
    }
    return this.buf.toString('latin1', a, b);
  }

  text(v: Val): string | null {
    if (v.k !== 's') return null;
    return this.buf.toString(v.latin ? 'latin1' : 'utf8', v.a, v.b);
  }

  global(module: string, name: string): Val {
    this.active = true;
    const g: Extract<Val, { k: 'g' }> = { k: 'g', module, name, off: this.opAt, use: 0 };
    this.globals.push(g);
    return g;
  }

  call(fn: Val, how: 1 | 2): Val {
    this.active = true;
    if (fn.k === 'g') {
      if (how > fn.use) fn.use = how;
    } else if (how === 2 || fn.k === 'c') {
      this.issues.push({
        offset: this.opAt,
        severity: 'critical',
        rule: 'scan.computed_callable',
        message:
          'calls a value computed at load time (not a named global): the target cannot be known, fails closed',
      });
    }
    return { k: 'c', off: this.opAt };
  }

  memoKey(a: number, b: number): number {
    const k = Number(this.buf.toString('latin1', a, b));
    if (!Number.isSafeInteger(k)) this.fail('scan.parse_error', 'bad memo key');
    return k;
  }

  get(k: number): void {
    const v = (k < this.memoArr.length ? this.memoArr[k] : undefined) ?? this.memoMap.get(k);
    if (!v) this.fail('scan.parse_error', `memo key ${k} read before it was written`);
    this.stack.push(v!);
  }

  put(k: number): void {
    if (this.stack.length === 0) this.fail('scan.parse_error', 'PUT on an empty stack');
    const v = this.stack[this.stack.length - 1];
    if (k < DENSE_MEMO && k <= this.memoArr.length && (this.memoMap.size === 0 || !this.memoMap.has(k))) {
      if (this.memoArr[k] === undefined) this.memoCount++;
      this.memoArr[k] = v;
    } else {
      if (!this.memoMap.has(k)) this.memoCount++;
      this.memoMap.set(k, v);
    }
  }

  namePair(modV: Val, nameV: Val): Val {
    // Strings or computed values reach an import: these bytes are a pickle. Constants (ints, None)
    // make Python raise, and random tensor bytes hit that case, so it does not count.
    if ((modV.k === 's' || modV.k === 'c') && (nameV.k === 's' || nameV.k === 'c')) this.active = true;
    const module = this.text(modV);
    const name = this.text(nameV);
    if (module === null || name === null)
      this.fail(
        'scan.computed_name',
        'STACK_GLOBAL takes a module or name computed at load time (not a string literal): fails closed',
        'critical',
      );
    // Protocol-0 STRING/UNICODE arguments are escape-decoded by Python ('o\\x73' is 'os'); we do not decode them
    if (module!.includes('\\') || name!.includes('\\'))
      this.fail(
        'scan.escaped_name',
        'STACK_GLOBAL name written with escapes (e.g. o\\x73): fails closed',
        'critical',
      );
    return this.global(module!, name!);
  }
}
