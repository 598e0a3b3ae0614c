package dev.threadline.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "dev.threadline")
public class ThreadlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThreadlineApplication.class, args);
    }
}
