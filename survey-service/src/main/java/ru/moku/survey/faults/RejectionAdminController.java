package ru.moku.survey.faults;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Test/ops fault injector: {@code PUT /admin/lko/rejections} {@code {"inns": […], "mokuOrganisationIds": […]}} makes
 * {@code POST /api/v1/organisations} answer 422 for those organisations; {@code GET} shows the rules,
 * {@code DELETE} removes them. Exists only with {@code moku.survey.fault-injection.enabled=true}.
 */
@RestController
@RequestMapping("/admin/lko/rejections")
@ConditionalOnBooleanProperty("moku.survey.fault-injection.enabled")
class RejectionAdminController {

    private final RejectionRules rules;

    RejectionAdminController(RejectionRules rules) {
        this.rules = rules;
    }

    @GetMapping
    Mono<Rejections> current() {
        return rules.current();
    }

    @PutMapping
    Mono<Rejections> replace(@RequestBody Rejections rejections) {
        return rules.replace(rejections);
    }

    @DeleteMapping
    Mono<Rejections> clear() {
        return rules.replace(new Rejections(null, null));
    }
}
