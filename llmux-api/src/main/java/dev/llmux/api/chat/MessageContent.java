package dev.llmux.api.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message's content: either a plain string or a list of {@link ContentPart}s, kept in the form
 * the caller sent so that it is written back the same way.
 */
@JsonSerialize(using = MessageContent.Serializer.class)
@JsonDeserialize(using = MessageContent.Deserializer.class)
public final class MessageContent {
  private final @Nullable String text;
  private final @Nullable List<ContentPart> parts;

  private MessageContent(@Nullable String text, @Nullable List<ContentPart> parts) {
    this.text = text;
    this.parts = parts;
  }

  /** Content that is a plain string. */
  public static MessageContent of(String text) {
    return new MessageContent(Objects.requireNonNull(text, "text"), null);
  }

  /** Content made of parts. */
  public static MessageContent of(List<ContentPart> parts) {
    return new MessageContent(null, List.copyOf(parts));
  }

  /** Content made of parts. */
  public static MessageContent of(ContentPart... parts) {
    return of(List.of(parts));
  }

  /** Whether this content is a plain string (rather than parts). */
  public boolean isText() {
    return text != null;
  }

  /** The plain string, or {@code null} when this content is made of parts. */
  public @Nullable String text() {
    return text;
  }

  /** The parts; a plain string is returned as one text part. */
  public List<ContentPart> parts() {
    // Exactly one of text and parts is set.
    return parts != null ? parts : List.of(ContentPart.text(Objects.requireNonNull(text)));
  }

  /** All text in this content, the text parts joined with no separator; other parts are skipped. */
  public String joinedText() {
    if (text != null) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : Objects.requireNonNull(parts)) {
      if (p.text() != null) {
        sb.append(p.text());
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MessageContent other
        && Objects.equals(text, other.text)
        && Objects.equals(parts, other.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, parts);
  }

  @Override
  public String toString() {
    return text != null ? text : String.valueOf(parts);
  }

  static final class Serializer extends JsonSerializer<MessageContent> {
    @Override
    public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value.text != null) {
        gen.writeString(value.text);
      } else {
        provider.findValueSerializer(List.class).serialize(value.parts, gen, provider);
      }
    }
  }

  static final class Deserializer extends JsonDeserializer<MessageContent> {
    @Override
    public MessageContent deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return MessageContent.of(p.getText());
      }
      if (t == JsonToken.START_ARRAY) {
        List<ContentPart> parts = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() == JsonToken.VALUE_STRING) {
            parts.add(ContentPart.text(p.getText()));
          } else {
            parts.add(ctxt.readValue(p, ContentPart.class));
          }
        }
        return new MessageContent(null, List.copyOf(parts));
      }
      return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, p);
    }

    @Override
    public @Nullable MessageContent getNullValue(DeserializationContext ctxt) {
      return null;
    }
  }
}
