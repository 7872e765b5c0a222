// Evaluates the expression trees the server sends (Survey.Core's Expression.ToJson) with the same
// rules as the server, which follow SurveyJS: loose JavaScript comparison, text compared trimmed
// and case-insensitively, numeric text read as numbers, a missing answer is null, arithmetic and
// functions as survey-core computes them, dates as JavaScript's Date in the browser's time zone.
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

// Helpers.getNumber for any value.
export function getNumber(v) {
  if (typeof v === "string") return surveyNumber(v);
  const n = parseFloat(v);
  return Number.isNaN(n) || !Number.isFinite(Number(v)) ? NaN : n;
}
const isNumber = (v) => !Number.isNaN(getNumber(v));

const ISO_DAY = /\d{4}-\d{2}-\d{2}/;
const isIsoDateOnly = (s) => !(s.indexOf("T") > 0) && ISO_DAY.test(s) && !Number.isNaN(new Date(s).getTime());

// survey-core's createDate: no value is now; an ISO date alone is local midnight.
export function createDate(val, clock) {
  if (!val) return new Date(clock.now().getTime());
  if (typeof val === "string" && isIsoDateOnly(val)) val += "T00:00:00";
  return new Date(val instanceof Date ? val.getTime() : val);
}

// OperandMaker.convertValForDateCompare, side effects included.
function forDateCompare(val, second) {
  if (second instanceof Date && typeof val === "string") {
    const res = createDate(val, systemClock);
    second.setMilliseconds(0);
    if (second.getHours() > 0 || second.getMinutes() > 0 || second.getSeconds() > 0) return res;
    res.setHours(0, 0, 0);
    return res;
  }
  if (typeof second === "string" && val instanceof Date) {
    if (second.length < 17) val.setSeconds(0, 0);
    if (second.length < 14) val.setMinutes(0, 0);
    if (second.length < 11) val.setHours(0, 0);
  }
  return val;
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
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
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
  x = forDateCompare(x, y);
  y = forDateCompare(y, x);
  if (x === "undefined") x = undefined;
  if (y === "undefined") y = undefined;
  return twoValueEquals(x, y, true);
}

function compare(left, right, test) {
  if (left === null || left === undefined || right === null || right === undefined) return false;
  left = forDateCompare(left, right);
  right = forDateCompare(right, left);
  return test(left, right);
}

function containsCore(left, right, isContains) {
  if (isArray(left) && !left.length) return !isContains;
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

// OperandMaker's arithmeticOp and the Helpers it calls: an empty side becomes 0, '' or [] to suit the
// other, + and - round away binary noise to the operands' decimals, dividing by nothing is null.
function countDecimals(v) {
  if (isNumber(v) && Math.floor(v) !== v) {
    const parts = v.toString().split(".");
    return (parts.length > 1 && parts[1].length) || 0;
  }
  return 0;
}
function afterPlusMinus(a, b, res) {
  const digits = Math.max(countDecimals(a), countDecimals(b));
  return digits > 0 && typeof res === "number" ? parseFloat(res.toFixed(digits)) : res;
}
function afterMultiple(a, b, res) {
  const digits = countDecimals(a) + countDecimals(b);
  return digits > 0 && typeof res === "number" ? parseFloat(res.toFixed(digits)) : res;
}
function sumAnyValues(a, b) {
  if (!isNumber(a) || !isNumber(b)) {
    if (isArray(a) && isArray(b)) return [].concat(a).concat(b);
    if (isArray(a) || isArray(b)) {
      const arr = isArray(a) ? a : b;
      const val = arr === a ? b : a;
      if (typeof val === "string") {
        const str = arr.join(", ");
        return arr === a ? str + val : val + str;
      }
      if (typeof val === "number") {
        let res = 0;
        for (const item of arr) if (typeof item === "number") res = afterPlusMinus(res, item, res + item);
        return afterPlusMinus(res, val, res + val);
      }
    }
    return a + b;
  }
  if (typeof a === "string" || typeof b === "string") return a + b;
  return afterPlusMinus(a, b, a + b);
}
function forArithmetic(val, second) {
  if (!isEmpty(val)) return val;
  if (typeof second === "number") return 0;
  if (typeof val === "string") return val;
  if (typeof second === "string") return "";
  if (isArray(second)) return [];
  return 0;
}
function arithmetic(op, a, b) {
  a = forArithmetic(a, b);
  b = forArithmetic(b, a);
  switch (op) {
    case "plus": return sumAnyValues(a, b);
    case "minus": return afterPlusMinus(a, b, a - b);
    case "multiply": return afterMultiple(a, b, a * b);
    case "divide": return b ? a / b : null;
    case "modulo": return b ? a % b : null;
    default: return Math.pow(a, b);
  }
}

// survey-core's functionsfactory.ts, for the functions the server's parser admits.
function flatten(value, arr) {
  if (value === undefined || value === null) return arr;
  if (isArray(value)) value.forEach((v) => flatten(v, arr));
  else arr.push(isNumber(value) ? getNumber(value) : value);
  return arr;
}
function sum(params) {
  let res = 0;
  for (const v of flatten(params, [])) res = afterPlusMinus(res, v, res + v);
  return res;
}
function minMax(params, isMin) {
  let res;
  for (const v of flatten(params, [])) {
    if (res === undefined) res = v;
    if (isMin ? res > v : res < v) res = v;
  }
  return res;
}
const functions = {
  iif: (p) => (p.length < 2 ? null : p[0] ? p[1] : p.length > 2 ? p[2] : undefined),
  sum: (p) => sum(p),
  count: (p) => flatten(p, []).length,
  avg: (p) => { const n = flatten(p, []).length; return n > 0 ? sum(p) / n : 0; },
  min: (p) => minMax(p, true),
  max: (p) => minMax(p, false),
  round: (p) => {
    const arr = flatten(p, []);
    if (!arr.length) return NaN;
    const num = arr[0];
    const precision = arr[1] || 0;
    if (!isNumber(num) || !isNumber(precision)) return NaN;
    const f = Math.pow(10, precision);
    return Math.round(num * f * (1 + Number.EPSILON)) / f;
  },
  trunc: (p) => {
    const arr = flatten(p, []);
    if (!arr.length) return NaN;
    const num = arr[0];
    const precision = arr[1] || -1;
    if (!isNumber(num) || !isNumber(precision)) return NaN;
    const match = num.toString().match(precision < 0 ? /^-?\d+/ : new RegExp("^-?\\d+(?:.\\d{0," + Math.trunc(precision) + "})?"));
    return match ? Number(match[0]) : NaN;
  },
  today: (p, clock) => {
    const res = createDate(undefined, clock);
    res.setHours(0, 0, 0, 0);
    if (p.length === 1) res.setDate(res.getDate() + p[0]);
    return res;
  },
  currentDate: (p, clock) => createDate(undefined, clock),
  currentYear: (p, clock) => createDate(undefined, clock).getFullYear(),
  age: (p, clock) => {
    if (p.length < 1 || !p[0]) return null;
    const unit = (p.length > 1 ? p[1] : "") || "years";
    const from = createDate(p[0], clock);
    const to = createDate(undefined, clock);
    let months = (to.getFullYear() - from.getFullYear()) * 12 + to.getMonth() - from.getMonth();
    if (to.getDate() < from.getDate()) months -= 1;
    return unit === "months" ? months : ~~(months / 12);
  },
};

export const systemClock = { now: () => new Date() };

function find(answers, path) {
  const get = (o, key) => {
    if (!isObject(o)) return undefined;
    if (Object.prototype.hasOwnProperty.call(o, key)) return o[key];
    const match = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
    if (match !== undefined) return o[match];
    // {career[2].sector}: a row of a repeating group by its index.
    const indexed = /^(.+)\[(\d+)\]$/.exec(key);
    if (indexed) {
      const list = get(o, indexed[1]);
      return Array.isArray(list) ? list[Number(indexed[2])] : undefined;
    }
    return undefined;
  };
  // {matrix.row} and {matrixdropdown.row.column}: the longest key first at each step, as the server walks it.
  const walk = (o, p) => {
    const direct = get(o, p);
    if (direct !== undefined) return direct;
    const dot = p.indexOf(".");
    return dot > 0 ? walk(get(o, p.substring(0, dot)), p.substring(dot + 1)) : undefined;
  };
  const v = walk(answers, path);
  return v === undefined ? null : v;
}

export function evaluate(node, answers, clock = systemClock) {
  if ("const" in node) return node.const;
  if ("var" in node) return correctValue(find(answers, node.var));
  if ("array" in node) return node.array.map((n) => evaluate(n, answers, clock));
  if ("fn" in node) return functions[node.fn](node.args.map((n) => evaluate(n, answers, clock)), clock);
  switch (node.op) {
    case "negate": return !evaluate(node.operand, answers, clock);
    case "empty": return isEmpty(evaluate(node.operand, answers, clock));
    case "notempty": return !isEmpty(evaluate(node.operand, answers, clock));
    case "and": { const l = evaluate(node.left, answers, clock); return l ? evaluate(node.right, answers, clock) : l; }
    case "or": { const l = evaluate(node.left, answers, clock); return l ? l : evaluate(node.right, answers, clock); }
  }
  const l = evaluate(node.left, answers, clock);
  const r = evaluate(node.right, answers, clock);
  switch (node.op) {
    case "plus": case "minus": case "multiply": case "divide": case "modulo": case "power": return arithmetic(node.op, l, r);
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
export function isTrue(node, answers, clock = systemClock) {
  // eslint-disable-next-line eqeqeq
  return evaluate(node, answers, clock) == true;
}
