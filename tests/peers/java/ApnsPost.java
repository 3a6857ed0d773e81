// A minimal APNs HTTP/2 provider written against the JDK only (java.net.http.HttpClient,
// java.security), used by tests/peers/test_apns_java.py as a peer nobody here wrote the
// HTTP/2 or TLS side of. Run in source-file mode (Java 11+):
//
//   java -Djavax.net.ssl.trustStore=trust.p12 -Djavax.net.ssl.trustStorePassword=changeit \
//        ApnsPost.java --base https://localhost:PORT --p8 AuthKey.p8 --key-id K --team T \
//        --topic com.x --body '{"aps":{}}' --token HEX [--token HEX ...]
//
// It mints one provider token (ES256 JWT, signature in the raw R||S form JWS requires) and
// POSTs /3/device/<token> for each token on one HttpClient, so all requests share one HTTP/2
// connection. Prints one JSON line per request: {"token","status","version","apns_id","body"}.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class ApnsPost {
  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static String providerToken(Path p8, String keyId, String team) throws Exception {
    String pem = Files.readString(p8).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    String header = b64(("{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8));
    long iat = System.currentTimeMillis() / 1000;
    String claims = b64(("{\"iss\":\"" + team + "\",\"iat\":" + iat + "}").getBytes(StandardCharsets.UTF_8));
    // P1363 = raw R||S, what JWS ES256 wants (RFC 7518 §3.4); plain SHA256withECDSA gives DER.
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(key);
    signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64(signer.sign());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--token")) {
        tokens.add(args[i + 1]);
      } else {
        options.put(args[i].substring(2), args[i + 1]);
      }
    }
    String jwt = providerToken(Path.of(options.get("p8")), options.get("key-id"), options.get("team"));
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    for (String token : tokens) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.get("base") + "/3/device/" + token))
          .timeout(Duration.ofSeconds(20))
          .header("authorization", "bearer " + jwt)
          .header("apns-topic", options.get("topic"))
          .header("apns-push-type", "alert")
          .POST(HttpRequest.BodyPublishers.ofString(options.getOrDefault("body", "{\"aps\":{}}")));
      if (options.containsKey("apns-id")) {
        request.header("apns-id", options.get("apns-id"));
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      System.out.println("{\"token\":" + quote(token) + ",\"status\":" + response.statusCode()
          + ",\"version\":" + quote(response.version().name())
          + ",\"apns_id\":" + quote(response.headers().firstValue("apns-id").orElse(""))
          + ",\"content_type\":" + quote(response.headers().firstValue("content-type").orElse(""))
          + ",\"body\":" + quote(response.body()) + "}");
    }
  }
}
