package dev.sharesnap.driver;

/**
 * The caller's side of a long driver copy (a snapshot, or a share created from one): where the
 * driver reports how far it has come and learns whether the copy is still wanted. A driver that
 * copies calls {@link #report} from its own thread once at the start and then at its progress
 * interval, whether or not the value changed (the caller uses each report to check that the work is
 * still wanted), and stops as soon as it sees {@link #cancelled()}: it kills its copy, removes what
 * the copy had written and fails the call with a permanent {@link DriverException}. {@link #report}
 * never blocks.
 */
public interface CopyProgress {

  /** A caller that neither listens nor cancels. */
  CopyProgress NONE =
      new CopyProgress() {
        @Override
        public void report(int percent) {}

        @Override
        public boolean cancelled() {
          return false;
        }
      };

  /** The copy is {@code percent} done: 0 at the start, at most 99 until the call returns. */
  void report(int percent);

  /**
   * Whether the copy should stop: its snapshot or share was deleted or left the creating status, or
   * the attempt ran out of time.
   */
  boolean cancelled();
}
