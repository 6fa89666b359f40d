// Package support keeps the questions people send from the help centre's
// "Ask more about this topic" forms: the operator console's inbox.
package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Question is one message from the help centre.
type Question struct {
	ID           int64
	CategorySlug string
	ArticleSlug  string
	Name         string
	Email        string
	Message      string
	CreatedAt    time.Time
	HandledAt    time.Time
}

// Store reads and writes questions.
type Store struct{ db *sqldb.DB }

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db} }

// Ask validates and stores a question about an article.
func (s *Store) Ask(ctx context.Context, q Question) (Question, error) {
	if err := q.Validate(); err != nil {
		return Question{}, err
	}
	q.ID, q.CreatedAt = sqldb.NewID(), time.Now().UTC()
	_, err := s.db.Exec(ctx, `INSERT INTO help_questions (id, category_slug, article_slug, name, email, message, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, q.ID, q.CategorySlug, q.ArticleSlug, q.Name, q.Email, q.Message, sqldb.Millis(q.CreatedAt))
	if err != nil {
		return Question{}, fmt.Errorf("store question: %w", err)
	}
	return q, nil
}

// Validate normalises q and returns every field error at once. The help
// form calls it before checking the captcha too, so that a mistyped captcha
// never hides what else needs fixing.
func (q *Question) Validate() error {
	var v fault.Invalid
	q.Name, q.Message = strings.TrimSpace(q.Name), strings.TrimSpace(q.Message)
	switch {
	case q.Name == "":
		v.Add("name", "Tell us your name.")
	case len([]rune(q.Name)) > 100:
		v.Add("name", "Use at most 100 characters.")
	}
	email, problem := accounts.NormalizeEmail(q.Email)
	if problem != "" {
		v.Add("email", problem)
	}
	switch {
	case q.Message == "":
		v.Add("message", "Write your question.")
	case len([]rune(q.Message)) > 5000:
		v.Add("message", "Keep it under 5,000 characters.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	q.Email = email
	return nil
}

func scan(row interface{ Scan(...any) error }) (Question, error) {
	var q Question
	var created int64
	var handled sql.NullInt64
	err := row.Scan(&q.ID, &q.CategorySlug, &q.ArticleSlug, &q.Name, &q.Email, &q.Message, &created, &handled)
	if errors.Is(err, sql.ErrNoRows) {
		return Question{}, fmt.Errorf("question: %w", fault.ErrNotFound)
	}
	q.CreatedAt, q.HandledAt = sqldb.Time(created), sqldb.NullTime(handled)
	return q, err
}

const cols = `id, category_slug, article_slug, name, email, message, created_at, handled_at`

// Inbox lists questions, open ones first, newest first within each.
func (s *Store) Inbox(ctx context.Context, limit, offset int) ([]Question, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM help_questions`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+cols+` FROM help_questions
		ORDER BY CASE WHEN handled_at IS NULL THEN 0 ELSE 1 END, id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		q, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, q)
	}
	return out, total, rows.Err()
}

// Question returns one question.
func (s *Store) Question(ctx context.Context, id int64) (Question, error) {
	return scan(s.db.QueryRow(ctx, `SELECT `+cols+` FROM help_questions WHERE id = ?`, id))
}

// MarkHandled records that the operator answered the question.
func (s *Store) MarkHandled(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, `UPDATE help_questions SET handled_at = ? WHERE id = ?`, sqldb.Millis(time.Now()), id)
	return err
}
