/**
 * Output into a closed pipe (`cfn-hup-tools lint | head -1`): stop quietly with
 * the exit code so far, as other command-line tools do, instead of an EPIPE stack trace.
 */
export function endQuietlyOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams)
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
}
