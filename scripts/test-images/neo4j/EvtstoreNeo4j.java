import java.util.Map;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j 4.4 or 5 (neo4j-harness) with Bolt on 127.0.0.1:PORT and no
 * HTTP, prints its version and Bolt URI, and runs until SIGTERM. PORT is the first
 * argument, else EVTSTORE_PORT, else 7687.
 */
public final class EvtstoreNeo4j {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getenv().getOrDefault("EVTSTORE_PORT", "7687"));
    Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
        .withDisabledServer()
        .withConfig(BoltConnector.enabled, true)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("evtstore-neo4j: stopping");
      neo4j.close();
    }));
    String version = neo4j.defaultDatabaseService().executeTransactionally(
        "CALL dbms.components() YIELD name, versions, edition RETURN name + ' ' + versions[0] + ' ' + edition AS v",
        Map.of(), result -> String.valueOf(result.next().get("v")));
    System.out.println("evtstore-neo4j: version=" + version + " boltURI=" + neo4j.boltURI());
    System.out.flush();
    Thread.currentThread().join();
  }
}
