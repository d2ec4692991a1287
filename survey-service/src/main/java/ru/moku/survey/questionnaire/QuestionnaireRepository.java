package ru.moku.survey.questionnaire;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The questionnaires in schema {@code lko} ({@code survey}, {@code survey_question}, {@code survey_question_choice}). */
@Repository
public class QuestionnaireRepository {

    private final DatabaseClient db;

    QuestionnaireRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The survey {@code surveyId} with its questions and choices in order; empty if there is no such survey. */
    public Mono<Questionnaire> find(String surveyId) {
        return title(surveyId)
                .flatMap(title -> choicesByQuestion(surveyId)
                        .flatMap(choices -> questions(surveyId, choices))
                        .map(questions -> new Questionnaire(surveyId, title, questions)));
    }

    /** The survey {@code surveyId}; fails with {@link UnknownSurveyException} if there is no such survey. */
    public Mono<Questionnaire> get(String surveyId) {
        return find(surveyId).switchIfEmpty(Mono.error(() -> new UnknownSurveyException(surveyId)));
    }

    /** The type of each question of {@code surveyId}, by question id. */
    public Mono<Map<String, QuestionType>> questionTypes(String surveyId) {
        return db.sql("SELECT id, type FROM survey_question WHERE survey_id = :surveyId")
                .bind("surveyId", surveyId)
                .map(row -> Map.entry(row.get("id", String.class), QuestionType.valueOf(row.get("type", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<String> title(String surveyId) {
        return db.sql("SELECT title FROM survey WHERE id = :surveyId")
                .bind("surveyId", surveyId)
                .map(row -> row.get("title", String.class))
                .one();
    }

    private Mono<Map<String, Collection<Questionnaire.Choice>>> choicesByQuestion(String surveyId) {
        return db.sql("""
                        SELECT question_id, id, text FROM survey_question_choice
                        WHERE survey_id = :surveyId ORDER BY question_id, position""")
                .bind("surveyId", surveyId)
                .map(row -> Map.entry(row.get("question_id", String.class),
                        new Questionnaire.Choice(row.get("id", String.class), row.get("text", String.class))))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<List<Questionnaire.Question>> questions(String surveyId,
                                                         Map<String, Collection<Questionnaire.Choice>> choices) {
        return db.sql("""
                        SELECT id, text, type, required FROM survey_question
                        WHERE survey_id = :surveyId ORDER BY position""")
                .bind("surveyId", surveyId)
                .map(row -> {
                    String id = row.get("id", String.class);
                    return new Questionnaire.Question(id, row.get("text", String.class),
                            QuestionType.valueOf(row.get("type", String.class)),
                            Boolean.TRUE.equals(row.get("required", Boolean.class)),
                            List.copyOf(choices.getOrDefault(id, List.of())));
                })
                .all()
                .collectList();
    }
}
