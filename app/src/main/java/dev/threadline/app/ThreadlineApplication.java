package dev.threadline.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "dev.threadline")
public class ThreadlineApplication {

    public static void main(String[] args) {
        quietAxon();
        SpringApplication.run(ThreadlineApplication.class, args);
    }

    /** Axon's update checker writes to the home directory and calls out over the network; Threadline never wants it. */
    static void quietAxon() {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        System.setProperty("disable-axoniq-console-message", "true");
    }
}
