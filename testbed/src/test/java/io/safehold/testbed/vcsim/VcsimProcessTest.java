package io.safehold.testbed.vcsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VcsimProcessTest {

  private static VcsimProcess vcsim;

  @BeforeAll
  static void start() {
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(8));
  }

  @AfterAll
  static void stop() {
    vcsim.close();
  }

  @Test
  void reportsWhereItListensAndWhereItsDisksAre() {
    assertThat(vcsim.sdkUrl().toString()).startsWith("https://127.0.0.1:").endsWith("/sdk");
    assertThat(vcsim.thumbprint()).matches("([0-9A-F]{2}:){19}[0-9A-F]{2}");
    assertThat(vcsim.datastoreDir()).isDirectory();
    assertThat(vcsim.flatFile("DC0_H0_VM0")).exists();
  }

  @Test
  void servesTheContentWrittenIntoADiskOverFolderWithRanges() throws Exception {
    Path disk = vcsim.flatFile("DC0_H0_VM1");
    DiskContent.writeRandomWithZeroRuns(disk, 3 * DiskContent.BLOCK, 0.0, 42);
    byte[] expected = Arrays.copyOfRange(Files.readAllBytes(disk), 1_000_000, 1_001_000);

    HttpResponse<byte[]> response =
        pinnedClient()
            .send(
                HttpRequest.newBuilder(vcsim.folderUrl("DC0_H0_VM1/disk1-flat.vmdk"))
                    .header("Range", "bytes=1000000-1000999")
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(expected);
  }

  @Test
  void randomContentHasZeroRunsAndIsTheSameForTheSameSeed() throws Exception {
    Path a = Files.createTempFile("disk-a", ".img");
    Path b = Files.createTempFile("disk-b", ".img");
    try {
      long size = 16L * DiskContent.BLOCK + 12_345;
      DiskContent.writeRandomWithZeroRuns(a, size, 0.5, 7);
      DiskContent.writeRandomWithZeroRuns(b, size, 0.5, 7);
      assertThat(Files.size(a)).isEqualTo(size);
      assertThat(DiskContent.sha256(a, size)).isEqualTo(DiskContent.sha256(b, size));

      byte[] bytes = Files.readAllBytes(a);
      int zeroBlocks = 0;
      for (int block = 0; block < 16; block++) {
        byte[] part = Arrays.copyOfRange(bytes, block * DiskContent.BLOCK, (block + 1) * DiskContent.BLOCK);
        if (Arrays.equals(part, new byte[DiskContent.BLOCK])) {
          zeroBlocks++;
        }
      }
      assertThat(zeroBlocks).isBetween(1, 15);
      // Past the end of a shorter file a disk reads as zeros.
      assertThat(DiskContent.sha256(a, size + 10)).isNotEqualTo(DiskContent.sha256(a, size));
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
    }
  }

  /** Trusts exactly the certificate whose SHA-1 thumbprint vcsim reported. */
  private static HttpClient pinnedClient() throws Exception {
    String pinned = vcsim.thumbprint().replace(":", "");
    TrustManager pinning =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            try {
              byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(chain[0].getEncoded());
              if (!HexFormat.of().withUpperCase().formatHex(sha1).equals(pinned)) {
                throw new CertificateException("not the pinned certificate");
              }
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new CertificateException(e);
            }
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {pinning}, new SecureRandom());
    return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
  }
}
