package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safehold.api.auth.RoleAuthorization;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the JAX-RS resources describe the same operations. */
class OpenApiCoverageTest {

  private final TestStack stack = TestStack.get();

  @Test
  void everyResourceOperationIsDocumentedAndNothingElse() throws Exception {
    JsonNode document = servedDocument();
    Set<String> documented = new TreeSet<>();
    Set<String> documentedPublic = new TreeSet<>();
    for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> keys = document.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (Set.of("get", "put", "post", "delete", "patch").contains(key)) {
          String operation = key.toUpperCase(Locale.ROOT) + " " + path;
          documented.add(operation);
          JsonNode security = document.get("paths").get(path).get(key).get("security");
          if (security != null && security.isEmpty()) {
            documentedPublic.add(operation);
          }
        }
      }
    }

    Set<String> implemented = new TreeSet<>();
    Set<String> implementedPublic = new TreeSet<>();
    for (Class<?> resource : resourceClasses()) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method method : resource.getMethods()) {
        String verb = httpMethod(method);
        if (verb == null) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        String operation = verb + " " + normalise(base + (sub == null ? "" : "/" + sub.value()));
        implemented.add(operation);
        if (RoleAuthorization.requiredRole(resource, method) == null) {
          implementedPublic.add(operation);
        }
      }
    }

    assertThat(implemented).as("resource operations").isNotEmpty();
    assertThat(documented).as("documented operations").isEqualTo(implemented);
    assertThat(documentedPublic).as("operations without security").isEqualTo(implementedPublic);
  }

  private JsonNode servedDocument() throws Exception {
    HttpResult served = stack.client(null).get("/api/v1/openapi.yaml");
    assertThat(served.status()).isEqualTo(200);
    return new ObjectMapper(new YAMLFactory()).readTree(served.body());
  }

  private Set<Class<?>> resourceClasses() {
    var config = stack.app().getEnvironment().jersey().getResourceConfig();
    Set<Class<?>> classes = new HashSet<>();
    Stream.concat(
            config.getClasses().stream(), config.getInstances().stream().map(Object::getClass))
        .filter(c -> c.isAnnotationPresent(Path.class))
        .forEach(classes::add);
    return classes;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  /** {@code //a/{id: [0-9]+}/} → {@code /a/{id}}. */
  private static String normalise(String path) {
    String cleaned = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
    if (!cleaned.startsWith("/")) {
      cleaned = "/" + cleaned;
    }
    return cleaned.length() > 1 && cleaned.endsWith("/")
        ? cleaned.substring(0, cleaned.length() - 1)
        : cleaned;
  }
}
