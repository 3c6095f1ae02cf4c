// The review API as the page uses it (/v1/review/*, /v1/documents/{id}/pages|text), with the API key.

export interface ReviewItem {
  readonly documentId: string;
  readonly filename: string;
  readonly suggestedLabel: string;
  readonly confidence: number;
  readonly topK: readonly { readonly label: string; readonly score: number }[];
  readonly format: string | null;
  readonly language: string | null;
  readonly pageCount: number | null;
  readonly reviewReason: string | null;
  readonly queuedAt: number;
  readonly claimedBy: string | null;
  readonly leaseExpiresAt: number | null;
}

export interface ReviewStats {
  readonly pending: number;
  readonly claimed: number;
  readonly reviewedLastHour: number;
  readonly oldestQueuedAt: number | null;
}

/** An answer other than the one asked for: its status and the API's `error` code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ReviewApi {
  constructor(readonly apiKey: string | null) {}

  stats(): Promise<ReviewStats> {
    return this.#json('GET', '/v1/review/stats');
  }

  /** The oldest document no one else holds, claimed for this reviewer; undefined when the queue is empty. */
  async claimNext(): Promise<ReviewItem | undefined> {
    try {
      return (await this.#json<{ item: ReviewItem }>('POST', '/v1/review/claims', {})).item;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'queue_empty') return undefined;
      throw error;
    }
  }

  async label(documentId: string, label: string): Promise<void> {
    await this.#json('POST', `/v1/review/items/${encodeURIComponent(documentId)}/label`, { label });
  }

  async skip(documentId: string): Promise<void> {
    await this.#send('POST', `/v1/review/items/${encodeURIComponent(documentId)}/skip`);
  }

  /** Page n as an image and how many pages there are; undefined when the document has no page images. */
  async page(documentId: string, n: number): Promise<{ image: Blob; pageCount: number } | undefined> {
    try {
      const response = await this.#send('GET', `/v1/documents/${encodeURIComponent(documentId)}/pages/${n}`);
      return { image: await response.blob(), pageCount: Number(response.headers.get('x-page-count') ?? 1) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async text(documentId: string): Promise<string> {
    return (await this.#send('GET', `/v1/documents/${encodeURIComponent(documentId)}/text`)).text();
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#send(method, path, body);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.ok) return response;
    const problem = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(
      response.status,
      problem.error ?? `http_${response.status}`,
      problem.message ?? `${method} ${path} answered ${response.status}`,
    );
  }
}
