import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError, isAwsError } from '../core/aws/errors';
import type { Cancellation, TemplateStore } from '../core/aws/ports';
import { callAws, type RetryPolicy } from './call';
import { withoutUserinfo } from '../core/aws/endpoint';

/**
 * Uploads a template too large for TemplateBody, and returns the URL
 * CloudFormation reads it from. The bucket must belong to the caller's own
 * account (ExpectedBucketOwner, from STS GetCallerIdentity): a bucket name
 * taken from a workspace setting or a typo must not hand the template, and
 * the stack's next update, to somebody else's bucket.
 */
export class SdkTemplateStore implements TemplateStore {
  private account: Promise<string> | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly sts: STSClient,
    private readonly opts: { retry: RetryPolicy; profile?: string; region?: string; endpointUrl?: string },
  ) {}

  /** The caller's account id, asked once per connection. */
  callerAccount(signal?: Cancellation): Promise<string> {
    this.account ??= callAws(
      { action: 'sts:GetCallerIdentity', profile: this.opts.profile, idempotent: true },
      this.opts.retry,
      () => this.sts.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal as AbortSignal } : {}),
    ).then(
      (out) => {
        if (!out.Account)
          throw new AwsError('Other', 'STS GetCallerIdentity returned no account.', '', 'sts:GetCallerIdentity');
        return out.Account;
      },
      (e: unknown) => {
        this.account = undefined;
        throw e;
      },
    );
    return this.account;
  }

  async putTemplate(bucket: string, key: string, body: string, signal?: Cancellation): Promise<string> {
    const account = await this.callerAccount(signal);
    try {
      await callAws({ action: 's3:PutObject', profile: this.opts.profile, idempotent: true }, this.opts.retry, () =>
        this.client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: 'text/plain',
            ExpectedBucketOwner: account,
          }),
          signal ? { abortSignal: signal as AbortSignal } : {},
        ),
      );
    } catch (e) {
      // S3 answers a wrong ExpectedBucketOwner with 403 AccessDenied, like a missing permission: say both.
      if (isAwsError(e) && e.kind === 'AccessDenied')
        throw new AwsError(
          'AccessDenied',
          `Not uploading the template to s3://${bucket}: S3 refused the upload with ExpectedBucketOwner ${account} (your account). The bucket belongs to another account, or you may not write to it.`,
          `Use a bucket of account ${account} in the stack's region (--bucket, cfnHup.templateBucket), with s3:PutObject allowed.`,
          's3:PutObject',
        );
      throw e;
    }
    const path = key.split('/').map(encodeURIComponent).join('/');
    // Never the endpoint's user name and password: the URL is shown, and sent to CloudFormation.
    if (this.opts.endpointUrl) return `${withoutUserinfo(this.opts.endpointUrl).replace(/\/$/, '')}/${bucket}/${path}`;
    return `https://${bucket}.s3.${this.opts.region ?? 'us-east-1'}.amazonaws.com/${path}`;
  }
}
