/**
 * The API's error catalogue: one code per kind of failure, its HTTP status and a
 * message template. Every error body has the same shape,
 * `{ error: code, message, issues? }`, so clients switch on `error`, show
 * `message`, and point at fields with `issues[].path` (dotted, like the loader's:
 * `stations[3].serviceSec.mean`).
 */

export interface Issue {
  /** Dotted field path ("replications", "stations[3].serviceSec.mean"); "" for the whole body. */
  path: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  issues?: Issue[];
}

type Template = (p: Record<string, string | number>) => string;

/** code -> HTTP status and message template. */
export const ERRORS = {
  validation: { status: 400, message: (() => "the request is invalid; see issues for each field") as Template },
  "bad-request": { status: 400, message: ((p) => `bad request: ${p.detail}`) as Template },
  "not-found": { status: 404, message: ((p) => `${p.what} "${p.id}" does not exist`) as Template },
  "route-not-found": { status: 404, message: ((p) => `no route ${p.method} ${p.url}; the API is described at /docs`) as Template },
  "not-finished": { status: 409, message: ((p) => `run "${p.id}" is ${p.status}; results are available when it is done`) as Template },
  "not-cancellable": { status: 409, message: ((p) => `run "${p.id}" is already ${p.status} and cannot be cancelled`) as Template },
  "still-running": { status: 409, message: ((p) => `run "${p.id}" is ${p.status}; cancel it (POST /api/runs/${p.id}/cancel) before deleting it`) as Template },
  "read-only": { status: 409, message: ((p) => `scenario "${p.id}" is a built-in file in scenarios/ and cannot be overwritten; save it under another id`) as Template },
  "body-too-large": { status: 413, message: ((p) => `request body is larger than the limit of ${p.limit} bytes`) as Template },
  "unsupported-media-type": { status: 415, message: ((p) => `unsupported content type "${p.type}"; send application/json or YAML text (text/yaml, text/plain)`) as Template },
  "too-many-runs": { status: 429, message: ((p) => `${p.active} runs are already in progress (the limit is ${p.limit}); wait for one to finish or cancel one`) as Template },
  unavailable: { status: 503, message: ((p) => `${p.what} is not available in this build`) as Template },
  internal: { status: 500, message: (() => "internal error; the server log has the details") as Template },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An error a route throws on purpose; the error handler turns it into its catalogue status and body. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues?: Issue[];

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, issues?: Issue[]) {
    super(ERRORS[code].message(params));
    this.code = code;
    this.status = ERRORS[code].status;
    this.issues = issues;
  }

  get body(): ErrorBody {
    return this.issues ? { error: this.code, message: this.message, issues: this.issues } : { error: this.code, message: this.message };
  }
}

/** The "validation" error's message in Chinese, for a request that prefers it (see preferredLang). */
const VALIDATION_ZH = "请求有误，请修改以下各项";

/** A 400 "validation" error listing each field's problem; `lang` "zh" words its message in Chinese (the issues are the caller's). */
export function validationError(issues: Issue[], lang: "en" | "zh" = "en"): ApiError {
  const err = new ApiError("validation", {}, issues);
  if (lang === "zh") err.message = VALIDATION_ZH;
  return err;
}

/** ["stations", 3, "serviceSec"] -> "stations[3].serviceSec" (the loader's notation). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** A JSON-pointer-like "/stations/3/serviceSec" (fastify's instancePath) -> "stations[3].serviceSec". */
export function pointerToPath(pointer: string): string {
  return formatPath(pointerSegments(pointer));
}

/** "/options/targets/0" -> ["options", "targets", 0]. */
export function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));
}
