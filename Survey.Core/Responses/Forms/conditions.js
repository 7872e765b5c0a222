// Evaluates the condition trees the server sends (Survey.Core's Expression.ToJson) with the same
// rules as the server, which follow SurveyJS: loose JavaScript comparison, text compared trimmed
// and case-insensitively, numeric text read as numbers, a missing answer is null.
// Both evaluators are checked against Survey.Core/Questionnaires/expression-vectors.json.

const isArray = Array.isArray;
const isObject = (v) => v !== null && typeof v === "object" && !isArray(v);

export function isEmpty(v) {
  if (isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.values(v).every(isEmpty);
  return !v && v !== 0 && v !== false;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// SurveyJS's reading of text as a number: a single comma is a decimal point, operators make it NaN.
export function surveyNumber(s) {
  s = String(s).trim();
  if (!s) return NaN;
  if (s.startsWith("0x")) return s.length > 32 ? NaN : Number(s);
  if (s.length > 15 && /^\d+$/.test(s)) return NaN;
  if (s.lastIndexOf("-") <= 0 && s.lastIndexOf("+") <= 0 && /[*^/%]/.test(s)) return NaN;
  const comma = s.indexOf(",");
  if (comma >= 0 && s.indexOf(",", comma + 1) < 0) s = s.replace(",", ".");
  if (!DECIMAL.test(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

// How SurveyJS converts an answer before comparing it.
export function correctValue(v) {
  if (!v || typeof v !== "string") return v;
  const lower = v.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  const q = (c) => c === "'" || c === '"';
  if (v.length > 1 && q(v[0]) && q(v[v.length - 1])) return v.substring(1, v.length - 1);
  const n = surveyNumber(v);
  if (Number.isNaN(n)) return v;
  if (v[0] === "0" && !v.startsWith("0x")) {
    const hasPoint = v.length > 1 && (v[1] === "." || v[1] === ",");
    if ((!hasPoint && v.length > 1) || (hasPoint && v.length < 2)) return v;
  }
  return n;
}

function convertibleToNumber(v) {
  return v !== undefined && v !== null && !isArray(v) && !Number.isNaN(Number(v));
}

function jsSort(items) {
  return [...items].sort();
}

export function twoValueEquals(x, y, ignoreOrder) {
  if (x === y) return true;
  if (isArray(x) && x.length === 0 && y === undefined) return true;
  if (isArray(y) && y.length === 0 && x === undefined) return true;
  if ((x === undefined || x === null) && y === "") return true;
  if ((y === undefined || y === null) && x === "") return true;
  if (typeof x === "string" && typeof y === "string") return x.trim().toLowerCase() === y.trim().toLowerCase();
  if (convertibleToNumber(x) && convertibleToNumber(y)) {
    if (parseInt(x) === parseInt(y) && parseFloat(x) === parseFloat(y)) return true;
  }
  if (isEmpty(x) !== isEmpty(y)) return false;
  if ((x === true || x === false) && typeof y === "string") return x.toString() === y.toLowerCase();
  if ((y === true || y === false) && typeof x === "string") return y.toString() === x.toLowerCase();
  const xo = x !== null && typeof x === "object";
  const yo = y !== null && typeof y === "object";
  if (!xo && !yo) return x == y;
  if (!xo || !yo) return false;
  if (isArray(x) && isArray(y)) {
    if (x.length !== y.length) return false;
    const xs = ignoreOrder ? jsSort(x) : x;
    const ys = ignoreOrder ? jsSort(y) : y;
    return xs.every((v, i) => twoValueEquals(v, ys[i], ignoreOrder));
  }
  for (const k of Object.keys(x)) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !twoValueEquals(x[k], y[k], ignoreOrder)) return false;
  }
  return Object.keys(y).every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

export function equal(x, y) {
  if (x === "undefined") x = undefined;
  if (y === "undefined") y = undefined;
  return twoValueEquals(x, y, true);
}

function compare(left, right, test) {
  if (left === null || left === undefined || right === null || right === undefined) return false;
  return test(left, right);
}

function containsCore(left, right, isContains) {
  if (!left && left !== 0 && left !== false) return false;
  if (!left.length) left = left.toString();
  if (typeof left === "string") {
    if (!right) return false;
    const found = left.toLowerCase().indexOf(right.toString().toLowerCase()) > -1;
    return isContains ? found : !found;
  }
  const wanted = isArray(right) ? right : [right];
  for (const w of wanted) {
    if (!left.some((item) => equal(item, w))) return !isContains;
  }
  return isContains;
}

const contains = (l, r) => containsCore(l, r, true);
const notContains = (l, r) => (!l && !isEmpty(r)) || containsCore(l, r, false);

function anyOf(left, right) {
  if (isEmpty(left) && isEmpty(right)) return true;
  if (isEmpty(left)) return false;
  if (isEmpty(right)) return true;
  if (!isArray(left)) return contains(right, left);
  if (!isArray(right)) return contains(left, right);
  return right.some((r) => contains(left, r));
}

function allOf(left, right) {
  if (!left && !isEmpty(right)) return false;
  if (!isArray(right)) return contains(left, right);
  return right.every((r) => contains(left, r));
}

function find(answers, path) {
  const get = (o, key) => {
    if (!isObject(o)) return undefined;
    if (Object.prototype.hasOwnProperty.call(o, key)) return o[key];
    const match = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
    return match === undefined ? undefined : o[match];
  };
  let v = get(answers, path);
  if (v === undefined && path.indexOf(".") > 0) {
    const dot = path.indexOf(".");
    v = get(get(answers, path.substring(0, dot)), path.substring(dot + 1));
  }
  return v === undefined ? null : v;
}

export function evaluate(node, answers) {
  if ("const" in node) return node.const;
  if ("var" in node) return correctValue(find(answers, node.var));
  if ("array" in node) return node.array.map((n) => evaluate(n, answers));
  switch (node.op) {
    case "negate": return !evaluate(node.operand, answers);
    case "empty": return isEmpty(evaluate(node.operand, answers));
    case "notempty": return !isEmpty(evaluate(node.operand, answers));
    case "and": { const l = evaluate(node.left, answers); return l ? evaluate(node.right, answers) : l; }
    case "or": { const l = evaluate(node.left, answers); return l ? l : evaluate(node.right, answers); }
  }
  const l = evaluate(node.left, answers);
  const r = evaluate(node.right, answers);
  switch (node.op) {
    case "equal": return equal(l, r);
    case "notequal": return !equal(l, r);
    case "less": return compare(l, r, (a, b) => a < b);
    case "greater": return compare(l, r, (a, b) => a > b);
    case "lessorequal": return equal(l, r) || compare(l, r, (a, b) => a < b);
    case "greaterorequal": return equal(l, r) || compare(l, r, (a, b) => a > b);
    case "contains": return contains(l, r);
    case "notcontains": return notContains(l, r);
    case "anyof": return anyOf(l, r);
    case "allof": return allOf(l, r);
    case "noneof": return !anyOf(l, r);
    default: throw new Error("Unknown operator " + node.op);
  }
}

// A condition holds when its value == true, as SurveyJS's ConditionRunner decides.
export function isTrue(node, answers) {
  // eslint-disable-next-line eqeqeq
  return evaluate(node, answers) == true;
}
