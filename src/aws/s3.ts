import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Cancellation, TemplateStore } from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';

/** Uploads a template too large for TemplateBody, and returns the URL CloudFormation reads it from. */
export class SdkTemplateStore implements TemplateStore {
  constructor(
    private readonly client: S3Client,
    private readonly opts: { retry: RetryPolicy; profile?: string; region?: string; endpointUrl?: string },
  ) {}

  async putTemplate(bucket: string, key: string, body: string, signal?: Cancellation): Promise<string> {
    await callAws({ action: 's3:PutObject', profile: this.opts.profile, idempotent: true }, this.opts.retry, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }),
        signal ? { abortSignal: signal as AbortSignal } : {},
      ),
    );
    const path = key.split('/').map(encodeURIComponent).join('/');
    if (this.opts.endpointUrl) return `${this.opts.endpointUrl.replace(/\/$/, '')}/${bucket}/${path}`;
    return `https://${bucket}.s3.${this.opts.region ?? 'us-east-1'}.amazonaws.com/${path}`;
  }
}
