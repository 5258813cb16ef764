// The import policy: default deny. Only exact (module, name) pairs that real PyTorch, NumPy and
// scikit-learn files use pass silently; dangerous families only grade severity and explain.

import type { Severity } from '../types.ts';

/** How a global was used by the pickle program. */
export type Use = 'call' | 'new' | 'ref';

export interface Verdict {
  severity: Severity;
  rule: string;
  message: string;
}

const ALIASES: Record<string, string> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  exceptions: 'builtins',
};

const ALLOW = new Set<string>(
  [
    // containers and scalars the stdlib pickles through globals
    'builtins set frozenset list dict tuple bytearray complex slice range object int float str bool bytes',
    'collections OrderedDict defaultdict deque Counter',
    '_codecs encode',
    'copyreg _reconstructor __newobj__ __newobj_ex__',
    'datetime datetime date time timedelta timezone',
    'decimal Decimal',
    'fractions Fraction',
    'uuid UUID',
    // PyTorch state dicts and full checkpoints
    'torch._utils _rebuild_tensor _rebuild_tensor_v2 _rebuild_tensor_v3 _rebuild_parameter _rebuild_parameter_with_state _rebuild_qtensor _rebuild_sparse_tensor _rebuild_device_tensor_from_numpy _rebuild_meta_tensor_no_storage _rebuild_wrapper_subclass _rebuild_nested_tensor',
    'torch FloatStorage DoubleStorage HalfStorage BFloat16Storage LongStorage IntStorage ShortStorage CharStorage ByteStorage BoolStorage ComplexFloatStorage ComplexDoubleStorage QInt8Storage QUInt8Storage QInt32Storage UntypedStorage Size device dtype float32 float64 float16 bfloat16 int64 int32 int16 int8 uint8 bool complex64 complex128 per_tensor_affine per_channel_affine',
    'torch.serialization _get_layout',
    'torch.nn.parameter Parameter',
    'torch._tensor _rebuild_from_type_v2',
    // NumPy arrays, scalars and dtypes
    'numpy ndarray dtype',
    'numpy.core.multiarray _reconstruct scalar',
    'numpy._core.multiarray _reconstruct scalar',
    'numpy.random._pickle __randomstate_ctor __generator_ctor __bit_generator_ctor',
    'numpy.core.numeric _frombuffer',
    'numpy._core.numeric _frombuffer',
    'numpy.random.__init__ __RandomState_ctor',
    // scikit-learn / joblib helpers
    'joblib.numpy_pickle NumpyArrayWrapper',
    'sklearn.utils._bunch Bunch',
    // Cython types whose __reduce__ is called with plain numbers and arrays
    'sklearn.tree._tree Tree',
    'sklearn.neighbors._kd_tree KDTree',
    'sklearn.neighbors._ball_tree BallTree',
  ].flatMap((line) => {
    const [mod, ...names] = line.split(' ');
    return names.map((n) => `${mod}\0${n}`);
  }),
);

/** Families whose members run code, spawn processes, touch files or the network, or import dynamically. */
const FAMILIES: Array<[string[], string]> = [
  [
    ['os', 'posix', 'nt', 'subprocess', '_posixsubprocess', 'pty', 'popen2', 'commands', 'platform'],
    'process spawn / OS command',
  ],
  [['builtins'], 'code execution or dynamic attribute lookup (builtins)'],
  [
    ['importlib', 'imp', 'pkgutil', 'zipimport', 'runpy', 'sys', 'site', 'inspect', 'gc'],
    'dynamic import or interpreter internals',
  ],
  [
    [
      'pickle',
      '_pickle',
      'cPickle',
      'dill',
      'cloudpickle',
      'marshal',
      'shelve',
      'jsonpickle',
      'yaml',
      'joblib',
      'torch.serialization',
      'numpy.lib.npyio',
    ],
    'nested deserialiser',
  ],
  [
    [
      'types',
      'code',
      'codeop',
      'ctypes',
      '_ctypes',
      'cffi',
      'functools',
      'operator',
      'timeit',
      'pdb',
      'bdb',
      'trace',
      'profile',
      'cProfile',
      'doctest',
      'asyncio',
      'threading',
      '_thread',
      'multiprocessing',
      'concurrent',
      'signal',
      'atexit',
    ],
    'code execution',
  ],
  [
    [
      'socket',
      '_socket',
      'ssl',
      'http',
      'urllib',
      'urllib2',
      'urllib3',
      'requests',
      'httpx',
      'ftplib',
      'smtplib',
      'telnetlib',
      'poplib',
      'imaplib',
      'xmlrpc',
      'socketserver',
      'webbrowser',
      'antigravity',
      'this',
    ],
    'network access or browser',
  ],
  [
    [
      'io',
      '_io',
      'pathlib',
      'shutil',
      'tempfile',
      'glob',
      'fileinput',
      'linecache',
      'mmap',
      'fcntl',
      'zipfile',
      'tarfile',
      'logging',
      'sqlite3',
      'dbm',
    ],
    'file access',
  ],
];
const FAMILY = new Map<string, string>();
for (const [mods, what] of FAMILIES) for (const m of mods) FAMILY.set(m, what);
/** Importing these runs an action by itself (antigravity opens a browser). */
const IMPORT_ACTS = new Set(['antigravity', 'this']);
/** Builtins that are harmful only when called; a bare reference is data (e.g. a stored `getattr`). */
const BUILTIN_DANGER = new Set(
  'eval exec compile open __import__ getattr setattr delattr globals locals vars input breakpoint help exit quit memoryview __loader__ __build_class__ super type classmethod staticmethod property print'.split(
    ' ',
  ),
);

/** The module name as CPython's unpickler resolves it (py2 names through fix_imports). */
export function normaliseModule(module: string): string {
  return ALIASES[module] ?? module;
}

function family(module: string): string | undefined {
  let m = module;
  for (;;) {
    const f = FAMILY.get(m);
    if (f) return f;
    const dot = m.lastIndexOf('.');
    if (dot < 0) return undefined;
    m = m.slice(0, dot);
  }
}

/** True when (module, name) is on the allow-list. */
export function isAllowed(module: string, name: string): boolean {
  return ALLOW.has(`${normaliseModule(module)}\0${name}`);
}

/**
 * Judge one imported global by how the pickle used it. Returns null when it is allow-listed.
 * @example judge('posix', 'system', 'call') // → critical scan.dangerous_call
 */
export function judge(module: string, name: string, use: Use): Verdict | null {
  const mod = normaliseModule(module);
  const what = `${module}.${name}`;
  if (ALLOW.has(`${mod}\0${name}`)) return null;
  if (name.includes('.'))
    return {
      severity: 'critical',
      rule: 'scan.dotted_name',
      message: `${what}: dotted name walks attributes at load time (e.g. pathlib → os.system); not understood, fails closed`,
    };
  const fam = family(mod);
  if (IMPORT_ACTS.has(mod.split('.')[0]))
    return {
      severity: 'critical',
      rule: 'scan.import_side_effect',
      message: `${what}: importing ${mod} acts by itself (${fam})`,
    };
  if (fam && !(mod === 'builtins' && !BUILTIN_DANGER.has(name))) {
    if (use === 'ref')
      return mod === 'builtins'
        ? {
            severity: 'low',
            rule: 'scan.dangerous_reference',
            message: `${what} referenced as data, never called (${fam})`,
          }
        : {
            severity: 'high',
            rule: 'scan.dangerous_import',
            message: `${what} imported (${fam}); not called in the pickle itself`,
          };
    return {
      severity: 'critical',
      rule: 'scan.dangerous_call',
      message: `${what} is called at load time: ${fam}`,
    };
  }
  if (use === 'call')
    return {
      severity: 'high',
      rule: 'scan.unknown_call',
      message: `${what} is not on the allow-list and is called at load time`,
    };
  if (use === 'new')
    return {
      severity: 'low',
      rule: 'scan.unknown_class',
      message: `${what} instantiated through __new__ (NEWOBJ) and __setstate__; class not on the allow-list`,
    };
  return {
    severity: 'medium',
    rule: 'scan.unknown_global',
    message: `${what} imported (its module's code runs on import); not on the allow-list`,
  };
}
