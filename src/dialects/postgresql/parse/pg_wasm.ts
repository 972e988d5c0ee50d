/**
 * PostgreSQL's parser (libpg-query's WASM build), called directly: the same parse as
 * libpg-query's `parseSync`, with the parse tree's JSON read out of the WASM memory by a native
 * search for its end (`Uint8Array.indexOf`) instead of the byte-by-byte JavaScript loop of the
 * package's `UTF8ToString`, which cost about a third of the parse on large schemas. One WASM
 * instance serves the whole process (the package's own entry point is not loaded: it would
 * compile a second one).
 * @module
 */
import createModule from "libpg-query/wasm/libpg-query.js";

/** The parts of the emscripten module this wrapper calls. */
interface PgQueryModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(queryPtr: number): number;
  _wasm_free_parse_result(resultPtr: number): void;
  getValue(ptr: number, type: "i32"): number;
  lengthBytesUTF8(s: string): number;
  stringToUTF8(s: string, ptr: number, maxBytes: number): void;
}

/** A syntax error of the parser, shaped like libpg-query's `SqlError`. */
export class PgSqlError extends Error {
  /** Where the parser stopped (0-based byte offset), as libpg-query reports it. */
  readonly sqlDetails: {
    message: string;
    cursorPosition: number;
    fileName?: string;
    functionName?: string;
    lineNumber?: number;
  };
  constructor(message: string, details: PgSqlError["sqlDetails"]) {
    super(message);
    this.name = "SqlError";
    this.sqlDetails = details;
  }
}

let instance: PgQueryModule | undefined;
let loading: Promise<void> | undefined;

/** Compiles and instantiates the WASM module once. */
export function loadPgParser(): Promise<void> {
  return loading ??= (createModule() as Promise<PgQueryModule>).then((m) => {
    instance = m;
  });
}

const decoder = new TextDecoder();

/** The NUL-terminated UTF-8 string at `ptr` of the WASM memory. */
function readCString(m: PgQueryModule, ptr: number): string {
  const heap = m.HEAPU8; // re-read: memory growth replaces the view
  const end = heap.indexOf(0, ptr);
  return decoder.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
}

/** Parses SQL text into libpg-query's JSON parse tree. Call {@link loadPgParser} first. */
// deno-lint-ignore no-explicit-any
export function parsePgSync(query: string): any {
  const m = loaded();
  if (query === "") throw new Error("Query cannot be empty");
  const len = m.lengthBytesUTF8(query) + 1;
  const queryPtr = m._malloc(len);
  try {
    m.stringToUTF8(query, queryPtr, len);
    return parseAt(m, queryPtr);
  } finally {
    m._free(queryPtr);
  }
}

/**
 * {@link parsePgSync} of UTF-8 bytes (no NUL byte), as they are: locations in the tree are
 * offsets into `bytes`.
 */
// deno-lint-ignore no-explicit-any
export function parsePgBytes(bytes: Uint8Array): any {
  const m = loaded();
  if (bytes.length === 0) throw new Error("Query cannot be empty");
  const queryPtr = m._malloc(bytes.length + 1);
  try {
    const heap = m.HEAPU8; // after the allocation, which may grow the memory
    heap.set(bytes, queryPtr);
    heap[queryPtr + bytes.length] = 0;
    return parseAt(m, queryPtr);
  } finally {
    m._free(queryPtr);
  }
}

function loaded(): PgQueryModule {
  if (!instance) throw new Error("the PostgreSQL parser is not loaded: call loadPgParser() first");
  return instance;
}

/** Parses the NUL-terminated query at `queryPtr` of the WASM memory. */
// deno-lint-ignore no-explicit-any
function parseAt(m: PgQueryModule, queryPtr: number): any {
  let resultPtr = 0;
  try {
    resultPtr = m._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error("Failed to parse query: memory allocation failed");
    const treePtr = m.getValue(resultPtr, "i32");
    const errorPtr = m.getValue(resultPtr + 8, "i32");
    if (errorPtr) {
      const str = (p: number) => p ? readCString(m, p) : undefined;
      const message = str(m.getValue(errorPtr, "i32")) ?? "Unknown error";
      const lineno = m.getValue(errorPtr + 12, "i32");
      const cursor = m.getValue(errorPtr + 16, "i32");
      throw new PgSqlError(message, {
        message,
        cursorPosition: cursor > 0 ? cursor - 1 : 0,
        fileName: str(m.getValue(errorPtr + 8, "i32")),
        functionName: str(m.getValue(errorPtr + 4, "i32")),
        lineNumber: lineno > 0 ? lineno : undefined,
      });
    }
    if (!treePtr) throw new Error("No parse tree generated");
    return JSON.parse(readCString(m, treePtr));
  } finally {
    if (resultPtr) m._wasm_free_parse_result(resultPtr);
  }
}
