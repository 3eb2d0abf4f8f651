package io.rivalwatch.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The JSON shape of a stored record, as text: one line per property path with what it holds, derived from the record's
 * components recursively as the stored form's mapper sees them (names, order, nesting, scalar types, enum constants).
 * Two records that store the same JSON have the same shape; renaming, adding, removing, reordering or retyping a
 * property, or adding an enum constant, changes it.
 */
final class ArtefactShapes {

  private static final ObjectMapper MAPPER = ArtefactJson.newMapper();

  private ArtefactShapes() {}

  static String of(ArtefactFormat<?> format) {
    List<String> lines = new ArrayList<>();
    lines.add("# " + format.name() + " version " + format.version() + ": one line per property path");
    describe(MAPPER.constructType(format.type()), "$", lines, new ArrayDeque<>());
    return String.join("\n", lines) + "\n";
  }

  /** The top-level property names of a format's content. */
  static List<String> topLevelProperties(Class<?> type) {
    return properties(MAPPER.constructType(type)).stream().map(BeanPropertyDefinition::getName).toList();
  }

  private static void describe(JavaType type, String path, List<String> lines, Deque<Class<?>> enclosing) {
    Class<?> raw = type.getRawClass();
    if (type.isEnumType()) {
      List<String> constants = new ArrayList<>();
      for (Object constant : raw.getEnumConstants()) {
        constants.add(asJson(constant));
      }
      lines.add(path + ": enum " + String.join(" | ", constants));
    } else if (type.isArrayType() || type.isCollectionLikeType()) {
      lines.add(path + ": list");
      describe(type.getContentType(), path + "[]", lines, enclosing);
    } else if (type.isMapLikeType()) {
      lines.add(path + ": map with " + type.getKeyType().getRawClass().getSimpleName() + " keys");
      describe(type.getContentType(), path + "{}", lines, enclosing);
    } else if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      lines.add(path + ": any JSON");
    } else if (raw.isPrimitive() || raw.getName().startsWith("java.")) {
      lines.add(path + ": " + raw.getSimpleName());
    } else if (enclosing.contains(raw)) {
      lines.add(path + ": object, recursive (" + raw.getSimpleName() + ")");
    } else {
      lines.add(path + ": object");
      enclosing.push(raw);
      for (BeanPropertyDefinition property : properties(type)) {
        describe(property.getPrimaryType(), path + "." + property.getName(), lines, enclosing);
      }
      enclosing.pop();
    }
  }

  private static List<BeanPropertyDefinition> properties(JavaType type) {
    BeanDescription description = MAPPER.getSerializationConfig().introspect(type);
    return description.findProperties().stream().filter(BeanPropertyDefinition::couldSerialize).toList();
  }

  private static String asJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
