package io.rivalwatch.adapters.bedrock;

/** One message of a conversation with a model: ours (the user's) or the model's (the assistant's). */
public record Turn(boolean fromModel, String text) {

  public static Turn user(String text) {
    return new Turn(false, text);
  }

  public static Turn model(String text) {
    return new Turn(true, text);
  }
}
