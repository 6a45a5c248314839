/**
 * YAML 1.1 scalar resolution, as CloudFormation's reader applies it: a plain
 * `000400` is the octal number 256, `yes`/`on` are true, `1_000` is 1000.
 * The patterns follow the YAML 1.1 type repository (the same ones the `yaml`
 * package uses for version 1.1). Every pattern is anchored at both ends with no
 * nested quantifiers, so each test is linear in the scalar's length; a cheap
 * first-character check keeps ordinary words away from them altogether.
 */

export type ScalarValue = string | number | boolean | null;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;

function int(str: string, offset: number, radix: number): number {
  const sign = str[0];
  if (sign === '-' || sign === '+') offset += 1;
  const n = parseInt(str.substring(offset).replace(/_/g, ''), radix);
  return sign === '-' ? -n : n;
}

function sexagesimal(str: string): number {
  const sign = str[0];
  const digits = sign === '-' || sign === '+' ? str.substring(1) : str;
  const n = digits
    .replace(/_/g, '')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
  return sign === '-' ? -n : n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A plain (unquoted, untagged) scalar's value. Timestamps stay text: CloudFormation passes them on as written. */
export function resolvePlain(s: string): ScalarValue {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Letters other than the few that start a null, bool or .inf/.nan are strings: most keys and values end here.
  if (c === 126 /* ~ */ || c === 110 || c === 78 /* n N */) {
    if (NULL.test(s)) return null;
    if (FALSE.test(s)) return false;
    return s;
  }
  if (c === 121 || c === 89 || c === 116 || c === 84 || c === 111 || c === 79) {
    if (TRUE.test(s)) return true;
    if (FALSE.test(s)) return false; // off, Off, OFF
    return s;
  }
  if (c === 102 || c === 70 /* f F */) return FALSE.test(s) ? false : s;
  if (!isDigit(c) && c !== 45 && c !== 43 && c !== 46 /* - + . */) return s;
  if (INT_BIN.test(s)) return int(s, 2, 2);
  if (INT_OCT.test(s)) return int(s, 1, 8);
  if (INT_DEC.test(s)) return int(s, 0, 10);
  if (INT_HEX.test(s)) return int(s, 2, 16);
  if (FLOAT_SPECIAL.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s.replace(/_/g, ''));
  if (s.includes(':') && (INT_TIME.test(s) || FLOAT_TIME.test(s))) return sexagesimal(s);
  return s;
}

/**
 * A scalar with an explicit standard tag (`!!int "7"`, `!!str 0644`). Unknown
 * tags, and the CloudFormation short forms, keep the text as a string.
 */
export function resolveTagged(tag: string, s: string): ScalarValue {
  switch (tag) {
    case '!!int':
    case '!<tag:yaml.org,2002:int>': {
      const v = resolvePlain(s);
      return typeof v === 'number' ? v : s;
    }
    case '!!bool':
    case '!<tag:yaml.org,2002:bool>':
      return TRUE.test(s) ? true : FALSE.test(s) ? false : s;
    case '!!null':
    case '!<tag:yaml.org,2002:null>':
      return NULL.test(s) ? null : s;
    default:
      return s;
  }
}
