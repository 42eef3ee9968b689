// Runs epubcheck on each EPUB named on the command line inside one JVM, so its schemas are
// compiled once instead of once per book (each run of the epubcheck command costs seconds of CPU).
// Started by test/exports/support.ts as `java -cp epubcheck.jar EpubcheckBatch.java FILE...`.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubcheckBatch {
  public static void main(String[] args) {
    for (String path : args) {
      System.out.println("Checking: " + path);
      System.out.flush();
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).doValidate();
      System.err.flush();
      System.out.println("Messages: " + report.getFatalErrorCount() + " fatals / " + report.getErrorCount() + " errors / "
          + report.getWarningCount() + " warnings / " + report.getInfoCount() + " infos");
      System.out.flush();
    }
  }
}
