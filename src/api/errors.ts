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

/** code -> HTTP status and message template, in English and Chinese (for a request that prefers it, see preferredLang). */
export const ERRORS = {
  validation: { status: 400, message: (() => "the request is invalid; see issues for each field") as Template, zh: (() => "请求有误，请修改以下各项") as Template },
  "bad-request": { status: 400, message: ((p) => `bad request: ${p.detail}`) as Template, zh: ((p) => `请求有误：${p.detail}`) as Template },
  "not-found": { status: 404, message: ((p) => `${p.what} "${p.id}" does not exist`) as Template, zh: ((p) => `${p.what} "${p.id}" 不存在`) as Template },
  "route-not-found": { status: 404, message: ((p) => `no route ${p.method} ${p.url}; the API is described at /docs`) as Template, zh: ((p) => `没有 ${p.method} ${p.url} 这个接口；接口说明见 /docs`) as Template },
  "not-finished": { status: 409, message: ((p) => `run "${p.id}" is ${p.status}; results are available when it is done`) as Template, zh: ((p) => `运行 "${p.id}" ${p.status}；完成后才有结果`) as Template },
  "not-cancellable": { status: 409, message: ((p) => `run "${p.id}" is already ${p.status} and cannot be cancelled`) as Template, zh: ((p) => `运行 "${p.id}" ${p.status}，无法取消`) as Template },
  "still-running": {
    status: 409,
    message: ((p) => `run "${p.id}" is ${p.status}; cancel it (POST /api/runs/${p.id}/cancel) before deleting it`) as Template,
    zh: ((p) => `运行 "${p.id}" ${p.status}；请先取消（POST /api/runs/${p.id}/cancel）再删除`) as Template,
  },
  "read-only": {
    status: 409,
    message: ((p) => `scenario "${p.id}" is a built-in file in scenarios/ and cannot be overwritten; save it under another id`) as Template,
    zh: ((p) => `场景 "${p.id}" 是 scenarios/ 中的内置文件，不能覆盖；请用其他 id 保存`) as Template,
  },
  "body-too-large": { status: 413, message: ((p) => `request body is larger than the limit of ${p.limit} bytes`) as Template, zh: ((p) => `请求体超过了上限 ${p.limit} 字节`) as Template },
  "unsupported-media-type": {
    status: 415,
    message: ((p) => `unsupported content type "${p.type}"; send application/json or YAML text (text/yaml, text/plain)`) as Template,
    zh: ((p) => `不支持的内容类型 "${p.type}"；请发送 application/json 或 YAML 文本（text/yaml、text/plain）`) as Template,
  },
  "too-many-runs": {
    status: 429,
    message: ((p) => `${p.active} runs are already in progress (the limit is ${p.limit}); wait for one to finish or cancel one`) as Template,
    zh: ((p) => `已有 ${p.active} 个运行在进行（上限 ${p.limit} 个）；请等其中一个结束，或取消一个`) as Template,
  },
  unavailable: { status: 503, message: ((p) => `${p.what} is not available in this build`) as Template, zh: ((p) => `此版本没有${p.what}`) as Template },
  internal: { status: 500, message: (() => "internal error; the server log has the details") as Template, zh: (() => "内部错误；详情见服务器日志") as Template },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** The words routes put in the templates (what was not found, a run's status), in Chinese. */
const WORDS_ZH: Record<string, string> = {
  run: "运行",
  scenario: "场景",
  "stored result of run": "运行的存储结果",
  "the planner": "规划器",
  queued: "正在排队",
  running: "正在运行",
  done: "已完成",
  failed: "已失败",
  cancelled: "已取消",
};

/** Fastify's own 4xx errors by code, in Chinese (their English is the "bad-request" detail). */
const FASTIFY_ZH: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "请求体不是有效的 JSON，而 Content-Type 是 application/json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "Content-Type 是 application/json 时，请求体不能为空",
};

/** The "bad-request" detail of a fastify error in `lang`: its message, or in Chinese what its code means. */
export function badRequestDetail(err: { code?: string; message: string }, lang: "en" | "zh"): string {
  if (lang === "en") return err.message;
  return (err.code !== undefined ? FASTIFY_ZH[err.code] : undefined) ?? `无法处理的请求${err.code ? `（${err.code}）` : ""}`;
}

/** An error a route throws on purpose; the error handler turns it into its catalogue status and body. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues?: Issue[];
  readonly #params: Record<string, string | number>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, issues?: Issue[]) {
    super(ERRORS[code].message(params));
    this.code = code;
    this.status = ERRORS[code].status;
    this.issues = issues;
    this.#params = params;
  }

  get body(): ErrorBody {
    return this.issues ? { error: this.code, message: this.message, issues: this.issues } : { error: this.code, message: this.message };
  }

  /** The body with its message in `lang` (the issues are the thrower's, already in it). */
  bodyIn(lang: "en" | "zh"): ErrorBody {
    if (lang === "en") return this.body;
    const p = Object.fromEntries(Object.entries(this.#params).map(([k, v]) => [k, typeof v === "string" ? (WORDS_ZH[v] ?? v) : v]));
    const message = ERRORS[this.code].zh(p);
    return this.issues ? { error: this.code, message, issues: this.issues } : { error: this.code, message };
  }
}

/** A 400 "validation" error listing each field's problem; `lang` "zh" words its message in Chinese (the issues are the caller's). */
export function validationError(issues: Issue[], lang: "en" | "zh" = "en"): ApiError {
  const err = new ApiError("validation", {}, issues);
  if (lang === "zh") err.message = ERRORS.validation.zh({});
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
