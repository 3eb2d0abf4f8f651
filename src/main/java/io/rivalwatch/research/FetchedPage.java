package io.rivalwatch.research;

import java.net.URI;
import java.time.Instant;

/**
 * A response that was read.
 *
 * @param uri the address finally read, after redirects
 * @param status the HTTP status (2xx)
 * @param contentType the media type without parameters, lower case ("text/html")
 * @param body the body decoded with the character set of the header, the document, or UTF-8
 * @param fetchedAt when the response was read
 */
public record FetchedPage(URI uri, int status, String contentType, String body, Instant fetchedAt) {}
