// A pickle read as a program: interprets every opcode of protocols 0–5 on a symbolic stack and memo,
// and records what each GLOBAL/STACK_GLOBAL/INST/OBJ would import and what REDUCE/NEWOBJ/BUILD would
// call, without ever constructing a Python object. Anything it cannot resolve fails closed.

import type { PickleResult } from './machine.ts';
import { CONSTRUCTORS, Machine, O, ParseError, TORCH_MAGIC, tupleOf } from './machine.ts';
import { isAllowed, judge } from './policy.ts';

export type { PickleIssue, PickleResult } from './machine.ts';

/**
 * Interpret one pickle starting at `start` in `buf`. Never throws on hostile input.
 */
export function readPickle(buf: Buffer, start: number): PickleResult {
  const m = new Machine(buf, start);
  try {
    run: while (m.p < m.n) {
      m.opAt = m.p;
      m.op = m.buf[m.p++];
      m.ops++;
      switch (m.op) {
        case 0x28: // MARK
          m.marks.push(m.stack.length);
          break;
        case 0x2e: {
          // STOP
          const top = m.stack.length > 0 ? m.stack[m.stack.length - 1] : undefined;
          m.torchMagic = top?.k === 'x';
          m.end = m.p;
          break run;
        }
        case 0x30: // POP
          if (m.stack.length > 0 && (m.marks.length === 0 || m.stack.length > m.marks[m.marks.length - 1]))
            m.stack.pop();
          else m.popMark();
          break;
        case 0x31: // POP_MARK
          m.popMark();
          break;
        case 0x32: {
          // DUP
          const v = m.pop();
          m.stack.push(v, v);
          break;
        }
        case 0x46: // FLOAT
        case 0x49: // INT
        case 0x4c: // LONG
          m.line();
          m.stack.push(O);
          break;
        case 0x53: // STRING 'quoted'
        case 0x56: {
          // UNICODE raw-unicode-escape
          const [a, b] = m.line();
          if (m.op === 0x53 && b - a >= 2) m.stack.push({ k: 's', a: a + 1, b: b - 1, latin: true });
          else m.stack.push({ k: 's', a, b, latin: true });
          break;
        }
        case 0x50: // PERSID
          m.line();
          m.stack.push(O);
          break;
        case 0x51: // BINPERSID: the loader's persistent_load resolves it (torch storages)
          m.pop();
          m.stack.push(O);
          break;
        case 0x4a: // BININT
          m.skip(4);
          m.stack.push(O);
          break;
        case 0x4b: // BININT1
          m.skip(1);
          m.stack.push(O);
          break;
        case 0x4d: // BININT2
          m.skip(2);
          m.stack.push(O);
          break;
        case 0x47: // BINFLOAT
          m.skip(8);
          m.stack.push(O);
          break;
        case 0x4e: // NONE
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
        case 0x29: // EMPTY_TUPLE
        case 0x5d: // EMPTY_LIST
        case 0x7d: // EMPTY_DICT
        case 0x8f: // EMPTY_SET
          m.stack.push(O);
          break;
        case 0x54: // BINSTRING
        case 0x58: // BINUNICODE
        case 0x42: {
          // BINBYTES
          const len = m.u32();
          m.need(len);
          m.stack.push({ k: 's', a: m.p, b: m.p + len, latin: m.op !== 0x58 });
          m.p += len;
          break;
        }
        case 0x55: // SHORT_BINSTRING
        case 0x43: // SHORT_BINBYTES
        case 0x8c: {
          // SHORT_BINUNICODE
          m.need(1);
          const len = m.buf[m.p++];
          m.need(len);
          m.stack.push({ k: 's', a: m.p, b: m.p + len, latin: m.op !== 0x8c });
          m.p += len;
          break;
        }
        case 0x8d: // BINUNICODE8
        case 0x8e: // BINBYTES8
        case 0x96: {
          // BYTEARRAY8
          const len = m.u64();
          m.need(len);
          m.stack.push({ k: 's', a: m.p, b: m.p + len, latin: m.op !== 0x8d });
          m.p += len;
          break;
        }
        case 0x8a: {
          // LONG1
          m.need(1);
          const len = m.buf[m.p++];
          m.need(len);
          const magic = len === 10 && m.buf.compare(TORCH_MAGIC, 0, 10, m.p, m.p + 10) === 0;
          m.stack.push(magic ? { k: 'x' } : O);
          m.p += len;
          break;
        }
        case 0x8b: // LONG4
          m.skip(m.u32());
          m.stack.push(O);
          break;
        case 0x61: // APPEND
          m.pop();
          m.pop();
          m.stack.push(O);
          break;
        case 0x65: // APPENDS
        case 0x75: // SETITEMS
        case 0x90: // ADDITEMS
          m.popMark();
          m.pop();
          m.stack.push(O);
          break;
        case 0x73: // SETITEM
          m.pop();
          m.pop();
          m.pop();
          m.stack.push(O);
          break;
        case 0x74: {
          // TUPLE
          m.stack.push(tupleOf(m.popMark()));
          break;
        }
        case 0x6c: // LIST
        case 0x64: // DICT
        case 0x91: // FROZENSET
          m.popMark();
          m.stack.push(O);
          break;
        case 0x85: // TUPLE1
          m.stack.push(tupleOf(m.pop()));
          break;
        case 0x86: // TUPLE2
          m.pop();
          m.stack.push(tupleOf(m.pop()));
          break;
        case 0x87: // TUPLE3
          m.pop();
          m.pop();
          m.stack.push(tupleOf(m.pop()));
          break;
        case 0x63: {
          // GLOBAL module\nname\n
          const [ma, mb] = m.line();
          const [na, nb] = m.line();
          m.stack.push(m.global(m.ident(ma, mb), m.ident(na, nb)));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const nameV = m.pop();
          const modV = m.pop();
          m.stack.push(m.namePair(modV, nameV));
          break;
        }
        case 0x69: {
          // INST module\nname\n: import then call with the marked items
          const [ma, mb] = m.line();
          const [na, nb] = m.line();
          m.popMark();
          const g = m.global(m.ident(ma, mb), m.ident(na, nb));
          m.stack.push(m.call(g, 2));
          break;
        }
        case 0x6f: {
          // OBJ: first marked item is the class, the rest its arguments
          const cls = m.popMark();
          if (cls === undefined) m.fail('scan.parse_error', 'OBJ with nothing after MARK');
          m.stack.push(m.call(cls!, 2));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = m.pop();
          const fn = m.pop();
          // copyreg._reconstructor(cls, base, state) and __newobj__(cls, ...) only run cls.__new__
          if (args.k === 't' && fn.k === 'g' && isAllowed(fn.module, fn.name) && CONSTRUCTORS.has(fn.name))
            m.call(args.first, 1);
          m.stack.push(m.call(fn, 2));
          break;
        }
        case 0x81: {
          // NEWOBJ cls.__new__(cls, *args)
          m.pop();
          m.stack.push(m.call(m.pop(), 1));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          m.pop();
          m.pop();
          m.stack.push(m.call(m.pop(), 1));
          break;
        }
        case 0x62: {
          // BUILD: __setstate__ or attribute updates on the object below
          m.pop();
          const obj = m.pop();
          if (obj.k === 'g')
            m.issues.push({
              offset: m.opAt,
              severity: 'high',
              rule: 'scan.build_on_global',
              module: obj.module,
              name: obj.name,
              message: `BUILD sets state on the imported object ${obj.module}.${obj.name} itself (monkey-patching at load time)`,
            });
          m.stack.push(obj);
          break;
        }
        case 0x67: // GET
          m.get(m.memoKey(...m.line()));
          break;
        case 0x68: // BINGET
          m.need(1);
          m.get(m.buf[m.p++]);
          break;
        case 0x6a: // LONG_BINGET
          m.get(m.u32());
          break;
        case 0x70: // PUT
          m.put(m.memoKey(...m.line()));
          break;
        case 0x71: // BINPUT
          m.need(1);
          m.put(m.buf[m.p++]);
          break;
        case 0x72: // LONG_BINPUT
          m.put(m.u32());
          break;
        case 0x94: // MEMOIZE
          m.put(m.memoCount);
          break;
        case 0x80: // PROTO
          m.need(1);
          if (m.buf[m.p] > 5) m.fail('scan.parse_error', `unknown pickle protocol ${m.buf[m.p]}`);
          m.p++;
          break;
        case 0x95: // FRAME: a length hint; opcodes continue inline
          m.skip(8);
          break;
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: // EXT4
          m.skip(m.op === 0x82 ? 1 : m.op === 0x83 ? 2 : 4);
          // not `active` by itself: raw tensor bytes start with 0x82 one time in 256; calling the result marks it
          m.issues.push({
            offset: m.opAt,
            severity: 'high',
            rule: 'scan.extension_code',
            message:
              'EXT opcode imports through the copyreg extension registry: the target is set by the loading process, fails closed',
          });
          m.stack.push({ k: 'c', off: m.opAt });
          break;
        case 0x97: // NEXT_BUFFER
          m.stack.push(O);
          break;
        case 0x98: // READONLY_BUFFER
          m.pop();
          m.stack.push(O);
          break;
        default:
          m.fail('scan.unknown_opcode', `unknown opcode 0x${m.op.toString(16).padStart(2, '0')}`);
      }
    }
    if (m.end < 0) {
      m.opAt = m.p;
      m.fail('scan.parse_error', 'pickle ends without STOP');
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
  for (const g of m.globals) {
    const v = judge(g.module, g.name, g.use === 2 ? 'call' : g.use === 1 ? 'new' : 'ref');
    if (v)
      m.issues.push({
        offset: g.off,
        severity: v.severity,
        rule: v.rule,
        module: g.module,
        name: g.name,
        message: v.message,
      });
  }
  return { issues: m.issues, opcodes: m.ops, end: m.end, active: m.active, torchMagic: m.torchMagic };
}
