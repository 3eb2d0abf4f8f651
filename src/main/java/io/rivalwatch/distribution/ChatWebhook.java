package io.rivalwatch.distribution;

/** Posts a message to a chat channel (a Slack incoming webhook). */
public interface ChatWebhook {

  /** False when no webhook is configured, so the channel is skipped rather than failed. */
  boolean isConfigured();

  /**
   * @param text the message in Slack mrkdwn
   * @throws io.rivalwatch.failure.OutsideServiceException when the message was not accepted
   */
  void post(String text);
}
