// EPUBCheck for the tests in one warm Java: a line "EPUB<TAB>JSON" in, the JSON report
// written to JSON and a line "done CODE" out. The JVM starts once per test worker; each
// check after the first takes a fraction of a cold start's processor time.
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;

public class EpubCheckServer {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    System.setOut(System.err); // what EPUBCheck prints stays out of the answers
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.split("\t");
      int code = new EpubChecker().run(
          new String[] {parts[0], "-q", "--profile", "default", "--json", parts[1]});
      out.println("done " + code);
    }
  }
}
