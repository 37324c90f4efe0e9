package dev.llmux.jdbc;

import java.util.List;
import java.util.Optional;

/** End users (the application's customers). */
public interface EndUsers {
  /** Creates the end user or changes it. */
  EndUser upsert(String id, EndUserSpec spec, Actor actor);

  Optional<EndUser> info(String id);

  List<String> delete(List<String> ids, Actor actor);

  Page<EndUser> list(int page, int size);
}
