/**
 * Answers no sooner than `minMs` after the work started, success or failure alike, so that how long a
 * sign-in or a link request takes says nothing about the account behind it (ACC-4).
 */
export async function answerAfter<T>(minMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const wait = async () => {
    const left = minMs - (performance.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  };
  try {
    const result = await work();
    await wait();
    return result;
  } catch (err) {
    await wait();
    throw err;
  }
}
