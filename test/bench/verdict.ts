/** How a printed figure stands against its target (issue 12), so nobody has to compare by hand. */
export function verdict(target: string, met: boolean): string {
  return `target ${target}: ${met ? 'met' : 'NOT met'}`;
}
