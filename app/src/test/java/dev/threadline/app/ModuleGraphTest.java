package dev.threadline.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.web.bind.annotation.RestController;

/** The module graph of DESIGN.md §4 and the naming rules of the style guide, enforced. */
class ModuleGraphTest {

    private static final JavaClasses THREADLINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.threadline");

    @Test
    void domainEventsDependOnNothingOfOursAndNoSpring() {
        noClasses()
                .that()
                .resideInAPackage("dev.threadline.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.threadline.command..",
                        "dev.threadline.projection..",
                        "dev.threadline.query..",
                        "dev.threadline.app..",
                        "org.springframework..")
                .check(THREADLINE);
    }

    @Test
    void commandSideDependsOnlyOnDomainEvents() {
        noClasses()
                .that()
                .resideInAPackage("dev.threadline.command..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.threadline.projection..", "dev.threadline.query..", "dev.threadline.app..")
                .check(THREADLINE);
    }

    @Test
    void projectionsDependOnlyOnDomainEvents() {
        noClasses()
                .that()
                .resideInAPackage("dev.threadline.projection..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.threadline.command..", "dev.threadline.query..", "dev.threadline.app..")
                .check(THREADLINE);
    }

    @Test
    void querySideNeverDependsOnTheCommandSide() {
        noClasses()
                .that()
                .resideInAPackage("dev.threadline.query..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.threadline.command..", "dev.threadline.app..")
                .check(THREADLINE);
    }

    @Test
    void querySideUsesOnlyTheDocumentsOfProjections() {
        classes()
                .that()
                .resideInAPackage("dev.threadline.projection..")
                .and()
                .areNotAnnotatedWith(Document.class)
                .should()
                .onlyHaveDependentClassesThat()
                .resideOutsideOfPackage("dev.threadline.query..")
                .check(THREADLINE);
    }

    @Test
    void aggregatesAndEventsAreFreeOfSpring() {
        noClasses()
                .that()
                .areAnnotatedWith(Aggregate.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(THREADLINE);
    }

    @Test
    void eventsCarryARevision() {
        classes()
                .that()
                .resideInAPackage("dev.threadline.events..")
                .and()
                .areRecords()
                .and()
                .haveSimpleNameNotEndingWith("Id")
                .and()
                .implement(dev.threadline.events.conversation.ConversationEvent.class)
                .should()
                .beAnnotatedWith(Revision.class)
                .check(THREADLINE);
    }

    @Test
    void controllersAreNamedForWhatTheyServe() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .haveSimpleNameEndingWith("CommandController")
                .orShould()
                .haveSimpleNameEndingWith("QueryController")
                .orShould()
                .haveSimpleNameEndingWith("StreamController")
                .check(THREADLINE);
    }

    @Test
    void projectionsAreNamedForTheirReadModel() {
        classes()
                .that()
                .areAnnotatedWith(ProcessingGroup.class)
                .and()
                .resideInAPackage("dev.threadline.projection..")
                .should()
                .haveSimpleNameEndingWith("Projection")
                .check(THREADLINE);
    }

    /** Event handlers on the command side react to one feature's events with commands to others. */
    @Test
    void reactionsOnTheCommandSideAreCascades() {
        classes()
                .that()
                .areAnnotatedWith(ProcessingGroup.class)
                .and()
                .resideInAPackage("dev.threadline.command..")
                .should()
                .haveSimpleNameEndingWith("Cascade")
                .check(THREADLINE);
    }

    @Test
    void noVagueSuffixes() {
        noClasses()
                .should()
                .haveSimpleNameEndingWith("Dto")
                .orShould()
                .haveSimpleNameEndingWith("Cmd")
                .orShould()
                .haveSimpleNameEndingWith("Evt")
                .orShould()
                .haveSimpleNameEndingWith("Manager")
                .check(THREADLINE);
    }
}
