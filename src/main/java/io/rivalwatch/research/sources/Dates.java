package io.rivalwatch.research.sources;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the date formats public sources use; unreadable or absent dates are null (the date is then unknown). */
final class Dates {

  private Dates() {}

  static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }
}
