import type { ParameterDeclaration } from './declarations';

/**
 * Check a value against the parameter's declaration the way CloudFormation
 * does before it touches the stack, so a bad value fails here, with the
 * reason, instead of as a ValidationError after a change set was made.
 * Returns the problems (empty when the value is valid).
 */
export function validateParameterValue(d: ParameterDeclaration, value: string): string[] {
  const problems: string[] = [];
  const isList = d.type === 'CommaDelimitedList' || d.type.startsWith('List<');
  const members = isList ? value.split(',').map((s) => s.trim()) : [value];
  const numeric = d.type === 'Number' || d.type === 'List<Number>';
  const why = d.constraintDescription ? ` (${d.constraintDescription})` : '';

  for (const m of members) {
    const label = isList ? `"${m}" in the list` : `"${m}"`;
    if (numeric && !isNumber(m)) problems.push(`${label} is not a number, and ${d.name} is of type ${d.type}`);
    if (numeric && isNumber(m)) {
      if (d.minValue !== undefined && Number(m) < d.minValue)
        problems.push(`${label} is below MinValue ${d.minValue}${why}`);
      if (d.maxValue !== undefined && Number(m) > d.maxValue)
        problems.push(`${label} is above MaxValue ${d.maxValue}${why}`);
    }
    if (d.allowedValues && !d.allowedValues.includes(m))
      problems.push(`${label} is not one of the AllowedValues: ${d.allowedValues.join(', ')}${why}`);
    if (d.allowedPattern !== undefined && !numeric) {
      const pattern = fullMatch(d.allowedPattern);
      if (pattern && !pattern.test(m))
        problems.push(`${label} does not match AllowedPattern ${d.allowedPattern}${why}`);
    }
  }
  if (d.type === 'String') {
    if (d.minLength !== undefined && value.length < d.minLength)
      problems.push(`"${value}" is shorter than MinLength ${d.minLength}${why}`);
    if (d.maxLength !== undefined && value.length > d.maxLength)
      problems.push(`"${value}" is longer than MaxLength ${d.maxLength}${why}`);
  }
  if (value === '' && d.type !== 'String' && d.type !== 'CommaDelimitedList')
    problems.push(`an empty value is not valid for type ${d.type}`);
  return problems;
}

/** CloudFormation requires the whole value to match AllowedPattern, not a part of it. */
function fullMatch(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      return undefined; // A Java-only construct: leave the check to CloudFormation.
    }
  }
}

function isNumber(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}
