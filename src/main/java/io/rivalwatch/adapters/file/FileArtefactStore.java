package io.rivalwatch.adapters.file;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.StoredArtefact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The artefact store on the local file system: {@code root/runId/phase/competitor/name}. Writes go to a temporary
 * file first and appear under their name atomically, so a crashed worker never leaves half an artefact behind.
 * Needs a file system with hard links (any local Linux, macOS or NTFS volume).
 */
public class FileArtefactStore implements ArtefactStore, ArtefactInventory {

  private final Path root;

  public FileArtefactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create artefact directory " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType) {
    Path target = pathOf(key);
    if (Files.exists(target)) {
      return false;
    }
    Path temp = writeTemp(target, content);
    try {
      // a hard link to the finished file appears atomically and fails if the name exists: the earlier result wins
      // (a rename would silently replace it on POSIX systems)
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write artefact " + key, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public void overwrite(ArtefactKey key, byte[] content, String contentType) {
    Path target = pathOf(key);
    Path temp = writeTemp(target, content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write artefact " + key, e);
    }
  }

  @Override
  public Optional<byte[]> read(ArtefactKey key) {
    try {
      return Optional.of(Files.readAllBytes(pathOf(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artefact " + key, e);
    }
  }

  @Override
  public boolean exists(ArtefactKey key) {
    return Files.exists(pathOf(key));
  }

  @Override
  public List<ArtefactKey> list(String runId) {
    Path runDir = root.resolve(runId);
    if (!Files.isDirectory(runDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(runDir, 3)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(p -> ArtefactKey.parse(root.relativize(p).toString().replace('\\', '/')))
          .sorted((a, b) -> a.path().compareTo(b.path()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artefacts of run " + runId, e);
    }
  }

  @Override
  public List<String> areas() {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the artefact directory " + root, e);
    }
  }

  @Override
  public List<StoredArtefact> stored(String area) {
    List<StoredArtefact> stored = new java.util.ArrayList<>();
    for (ArtefactKey key : list(area)) {
      try {
        var attributes = Files.readAttributes(pathOf(key), java.nio.file.attribute.BasicFileAttributes.class);
        stored.add(new StoredArtefact(key, attributes.lastModifiedTime().toInstant(), attributes.size()));
      } catch (NoSuchFileException deletedMeanwhile) {
        // gone between listing and reading: nothing to keep or delete
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the attributes of artefact " + key, e);
      }
    }
    return stored;
  }

  @Override
  public void delete(ArtefactKey key) {
    try {
      Files.deleteIfExists(pathOf(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete artefact " + key, e);
    }
  }

  @Override
  public URI locate(ArtefactKey key) {
    return pathOf(key).toUri();
  }

  private Path pathOf(ArtefactKey key) {
    return root.resolve(key.path());
  }

  private Path writeTemp(Path target, byte[] content) {
    try {
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(temp, content);
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a stray temporary file is harmless; it is never listed
    }
  }
}
