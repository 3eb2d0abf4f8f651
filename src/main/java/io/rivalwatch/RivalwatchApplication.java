package io.rivalwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The process application: job workers for the competitive-intelligence process, plus its HTTP endpoints. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RivalwatchApplication {

  public static void main(String[] args) {
    SpringApplication.run(RivalwatchApplication.class, args);
  }
}
