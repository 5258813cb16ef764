// A pickle read as a program: interprets every opcode of protocols 0–5 on a symbolic stack and memo,
// and records what each GLOBAL/STACK_GLOBAL/INST/OBJ would import and what REDUCE/NEWOBJ/BUILD would
// call, without ever constructing a Python object. Anything it cannot resolve fails closed.

import type { Severity } from '../types.ts';
import { isAllowed, judge } from './policy.ts';

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

type Val =
  | { k: 'o' } // an opaque value (numbers, containers, results of allowed constructors)
  | { k: 's'; a: number; b: number; latin: boolean } // a string literal, decoded lazily
  | { k: 'g'; module: string; name: string; off: number; use: 0 | 1 | 2 } // imported global; use: 0 ref, 1 new, 2 call
  | { k: 'c'; off: number } // a value computed by a call at load time
  | { k: 'x' } // the torch legacy magic
  | { k: 't'; first: Extract<Val, { k: 'g' }> }; // a tuple whose first item is a global (copyreg._reconstructor args)

const O: Val = { k: 'o' };
const TORCH_MAGIC = Buffer.from([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);

/** Memo keys below this, written in order, are kept in an array. */
const DENSE_MEMO = 1 << 26;
const CONSTRUCTORS = new Set(['_reconstructor', '__newobj__', '__newobj_ex__']);

class ParseError extends Error {}

function tupleOf(first: Val | undefined): Val {
  return first?.k === 'g' ? { k: 't', first } : O;
}

/**
 * Interpret one pickle starting at `start` in `buf`. Never throws on hostile input.
 */
export function readPickle(buf: Buffer, start: number): PickleResult {
  const issues: PickleIssue[] = [];
  const globals: Array<Extract<Val, { k: 'g' }>> = [];
  const stack: Val[] = [];
  const marks: number[] = [];
  // Dense keys (what picklers write) live in an array; sparse or huge keys in a Map.
  const memoArr: Array<Val | undefined> = [];
  const memoMap = new Map<number, Val>();
  let memoCount = 0;
  const n = buf.length;
  let p = start;
  let ops = 0;
  let active = false;
  let end = -1;
  let torchMagic = false;
  let op = 0;
  let opAt = start;

  const fail = (rule: string, message: string, severity: Severity = 'high'): never => {
    issues.push({ offset: opAt, severity, rule, message });
    throw new ParseError(message);
  };
  const need = (k: number): void => {
    if (p + k > n) fail('scan.parse_error', `truncated: opcode 0x${op.toString(16)} needs ${k} more byte(s)`);
  };
  const pop = (): Val => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]))
      fail('scan.parse_error', `stack underflow at opcode 0x${op.toString(16)}`);
    return stack.pop()!;
  };
  const popMark = (): Val[] => {
    if (marks.length === 0) fail('scan.parse_error', 'no MARK on the stack');
    const at = marks.pop()!;
    return stack.splice(at);
  };
  const line = (): [number, number] => {
    const a = p;
    const nl = buf.indexOf(10, p);
    if (nl < 0 || nl - a > 1 << 20) fail('scan.parse_error', 'unterminated text argument');
    p = nl + 1;
    return [a, nl];
  };
  const u32 = (): number => {
    need(4);
    const v = buf.readUInt32LE(p);
    p += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = buf.readBigUInt64LE(p);
    p += 8;
    if (v > BigInt(n)) fail('scan.parse_error', 'length past end of data');
    return Number(v);
  };
  const skip = (k: number): void => {
    need(k);
    p += k;
  };
  /** A GLOBAL/INST text argument must look like a dotted identifier, or the bytes are not a pickle. */
  const ident = (a: number, b: number): string => {
    if (b <= a || b - a > 512) fail('scan.parse_error', 'GLOBAL argument is not an identifier');
    for (let i = a; i < b; i++) {
      const c = buf[i];
      const ok =
        (c >= 0x30 && c <= 0x39) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        c === 0x5f ||
        c === 0x2e;
      if (!ok) fail('scan.parse_error', 'GLOBAL argument is not an identifier');
    }
    return buf.toString('latin1', a, b);
  };
  const text = (v: Val): string | null => {
    if (v.k !== 's') return null;
    return buf.toString(v.latin ? 'latin1' : 'utf8', v.a, v.b);
  };
  const global = (module: string, name: string): Val => {
    active = true;
    const g: Extract<Val, { k: 'g' }> = { k: 'g', module, name, off: opAt, use: 0 };
    globals.push(g);
    return g;
  };
  const call = (fn: Val, how: 1 | 2): Val => {
    active = true;
    if (fn.k === 'g') {
      if (how > fn.use) fn.use = how;
    } else if (how === 2 || fn.k === 'c') {
      issues.push({
        offset: opAt,
        severity: 'critical',
        rule: 'scan.computed_callable',
        message:
          'calls a value computed at load time (not a named global): the target cannot be known, fails closed',
      });
    }
    return { k: 'c', off: opAt };
  };
  const memoKey = (a: number, b: number): number => {
    const k = Number(buf.toString('latin1', a, b));
    if (!Number.isSafeInteger(k)) fail('scan.parse_error', 'bad memo key');
    return k;
  };
  const get = (k: number): void => {
    const v = (k < memoArr.length ? memoArr[k] : undefined) ?? memoMap.get(k);
    if (!v) fail('scan.parse_error', `memo key ${k} read before it was written`);
    stack.push(v!);
  };
  const put = (k: number): void => {
    if (stack.length === 0) fail('scan.parse_error', 'PUT on an empty stack');
    const v = stack[stack.length - 1];
    if (k < DENSE_MEMO && k <= memoArr.length && (memoMap.size === 0 || !memoMap.has(k))) {
      if (memoArr[k] === undefined) memoCount++;
      memoArr[k] = v;
    } else {
      if (!memoMap.has(k)) memoCount++;
      memoMap.set(k, v);
    }
  };
  const namePair = (modV: Val, nameV: Val): Val => {
    const module = text(modV);
    const name = text(nameV);
    if (module === null || name === null)
      fail(
        'scan.computed_name',
        'STACK_GLOBAL takes a module or name computed at load time (not a string literal): fails closed',
        'critical',
      );
    return global(module!, name!);
  };

  try {
    while (p < n) {
      opAt = p;
      op = buf[p++];
      ops++;
      switch (op) {
        case 0x28: // MARK
          marks.push(stack.length);
          break;
        case 0x2e: {
          // STOP
          const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
          torchMagic = top?.k === 'x';
          end = p;
          throw new ParseError('');
        }
        case 0x30: // POP
          if (stack.length > 0 && (marks.length === 0 || stack.length > marks[marks.length - 1])) stack.pop();
          else popMark();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: {
          // DUP
          const v = pop();
          stack.push(v, v);
          break;
        }
        case 0x46: // FLOAT
        case 0x49: // INT
        case 0x4c: // LONG
          line();
          stack.push(O);
          break;
        case 0x53: // STRING 'quoted'
        case 0x56: {
          // UNICODE raw-unicode-escape
          const [a, b] = line();
          if (op === 0x53 && b - a >= 2) stack.push({ k: 's', a: a + 1, b: b - 1, latin: true });
          else stack.push({ k: 's', a, b, latin: true });
          break;
        }
        case 0x50: // PERSID
          line();
          stack.push(O);
          break;
        case 0x51: // BINPERSID: the loader's persistent_load resolves it (torch storages)
          pop();
          stack.push(O);
          break;
        case 0x4a: // BININT
          skip(4);
          stack.push(O);
          break;
        case 0x4b: // BININT1
          skip(1);
          stack.push(O);
          break;
        case 0x4d: // BININT2
          skip(2);
          stack.push(O);
          break;
        case 0x47: // BINFLOAT
          skip(8);
          stack.push(O);
          break;
        case 0x4e: // NONE
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
        case 0x29: // EMPTY_TUPLE
        case 0x5d: // EMPTY_LIST
        case 0x7d: // EMPTY_DICT
        case 0x8f: // EMPTY_SET
          stack.push(O);
          break;
        case 0x54: // BINSTRING
        case 0x58: // BINUNICODE
        case 0x42: {
          // BINBYTES
          const len = u32();
          need(len);
          stack.push({ k: 's', a: p, b: p + len, latin: op !== 0x58 });
          p += len;
          break;
        }
        case 0x55: // SHORT_BINSTRING
        case 0x43: // SHORT_BINBYTES
        case 0x8c: {
          // SHORT_BINUNICODE
          need(1);
          const len = buf[p++];
          need(len);
          stack.push({ k: 's', a: p, b: p + len, latin: op !== 0x8c });
          p += len;
          break;
        }
        case 0x8d: // BINUNICODE8
        case 0x8e: // BINBYTES8
        case 0x96: {
          // BYTEARRAY8
          const len = u64();
          need(len);
          stack.push({ k: 's', a: p, b: p + len, latin: op !== 0x8d });
          p += len;
          break;
        }
        case 0x8a: {
          // LONG1
          need(1);
          const len = buf[p++];
          need(len);
          const magic = len === 10 && buf.compare(TORCH_MAGIC, 0, 10, p, p + 10) === 0;
          stack.push(magic ? { k: 'x' } : O);
          p += len;
          break;
        }
        case 0x8b: // LONG4
          skip(u32());
          stack.push(O);
          break;
        case 0x61: // APPEND
          pop();
          pop();
          stack.push(O);
          break;
        case 0x65: // APPENDS
        case 0x75: // SETITEMS
        case 0x90: // ADDITEMS
          popMark();
          pop();
          stack.push(O);
          break;
        case 0x73: // SETITEM
          pop();
          pop();
          pop();
          stack.push(O);
          break;
        case 0x74: {
          // TUPLE
          const items = popMark();
          stack.push(tupleOf(items[0]));
          break;
        }
        case 0x6c: // LIST
        case 0x64: // DICT
        case 0x91: // FROZENSET
          popMark();
          stack.push(O);
          break;
        case 0x85: // TUPLE1
          stack.push(tupleOf(pop()));
          break;
        case 0x86: // TUPLE2
          pop();
          stack.push(tupleOf(pop()));
          break;
        case 0x87: // TUPLE3
          pop();
          pop();
          stack.push(tupleOf(pop()));
          break;
        case 0x63: {
          // GLOBAL module\nname\n
          const [ma, mb] = line();
          const [na, nb] = line();
          stack.push(global(ident(ma, mb), ident(na, nb)));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const nameV = pop();
          const modV = pop();
          stack.push(namePair(modV, nameV));
          break;
        }
        case 0x69: {
          // INST module\nname\n: import then call with the marked items
          const [ma, mb] = line();
          const [na, nb] = line();
          popMark();
          const g = global(ident(ma, mb), ident(na, nb));
          stack.push(call(g, 2));
          break;
        }
        case 0x6f: {
          // OBJ: first marked item is the class, the rest its arguments
          const items = popMark();
          if (items.length === 0) fail('scan.parse_error', 'OBJ with nothing after MARK');
          stack.push(call(items[0], 2));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = pop();
          const fn = pop();
          // copyreg._reconstructor(cls, base, state) and __newobj__(cls, ...) only run cls.__new__
          if (args.k === 't' && fn.k === 'g' && isAllowed(fn.module, fn.name) && CONSTRUCTORS.has(fn.name))
            call(args.first, 1);
          stack.push(call(fn, 2));
          break;
        }
        case 0x81: {
          // NEWOBJ cls.__new__(cls, *args)
          pop();
          stack.push(call(pop(), 1));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          pop();
          pop();
          stack.push(call(pop(), 1));
          break;
        }
        case 0x62: {
          // BUILD: __setstate__ or attribute updates on the object below
          pop();
          const obj = pop();
          if (obj.k === 'g')
            issues.push({
              offset: opAt,
              severity: 'high',
              rule: 'scan.build_on_global',
              module: obj.module,
              name: obj.name,
              message: `BUILD sets state on the imported object ${obj.module}.${obj.name} itself (monkey-patching at load time)`,
            });
          stack.push(obj);
          break;
        }
        case 0x67: // GET
          get(memoKey(...line()));
          break;
        case 0x68: // BINGET
          need(1);
          get(buf[p++]);
          break;
        case 0x6a: // LONG_BINGET
          get(u32());
          break;
        case 0x70: // PUT
          put(memoKey(...line()));
          break;
        case 0x71: // BINPUT
          need(1);
          put(buf[p++]);
          break;
        case 0x72: // LONG_BINPUT
          put(u32());
          break;
        case 0x94: // MEMOIZE
          put(memoCount);
          break;
        case 0x80: // PROTO
          need(1);
          if (buf[p] > 5) fail('scan.parse_error', `unknown pickle protocol ${buf[p]}`);
          p++;
          break;
        case 0x95: // FRAME: a length hint; opcodes continue inline
          skip(8);
          break;
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: // EXT4
          skip(op === 0x82 ? 1 : op === 0x83 ? 2 : 4);
          // not `active` by itself: raw tensor bytes start with 0x82 one time in 256; calling the result marks it
          issues.push({
            offset: opAt,
            severity: 'high',
            rule: 'scan.extension_code',
            message:
              'EXT opcode imports through the copyreg extension registry: the target is set by the loading process, fails closed',
          });
          stack.push({ k: 'c', off: opAt });
          break;
        case 0x97: // NEXT_BUFFER
          stack.push(O);
          break;
        case 0x98: // READONLY_BUFFER
          pop();
          stack.push(O);
          break;
        default:
          fail('scan.unknown_opcode', `unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
    opAt = p;
    fail('scan.parse_error', 'pickle ends without STOP');
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
  for (const g of globals) {
    const v = judge(g.module, g.name, g.use === 2 ? 'call' : g.use === 1 ? 'new' : 'ref');
    if (v)
      issues.push({
        offset: g.off,
        severity: v.severity,
        rule: v.rule,
        module: g.module,
        name: g.name,
        message: v.message,
      });
  }
  return { issues, opcodes: ops, end, active, torchMagic };
}
