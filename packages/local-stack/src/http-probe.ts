/** True when `url` answers with a 2xx within `timeoutMs`; false on any error or other status. */
export async function httpOk(
  url: string,
  timeoutMs = 2_000,
  headers?: Record<string, string>,
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      ...(headers ? { headers } : {}),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
