/**
 * A function of a string, its answer kept for each of the last few hundred
 * strings: a card or a message drawn again (every new message redraws the
 * timeline) does not parse its text or its links again. The answer is shared,
 * so it must not be changed. Forgets everything when full: bounded, and no
 * bookkeeping per call.
 */
export function remembered<T>(compute: (text: string) => T, size = 500): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    if (answers.has(text)) return answers.get(text) as T;
    if (answers.size >= size) answers.clear();
    const answer = compute(text);
    answers.set(text, answer);
    return answer;
  };
}
