package falcontest

// SetAuthors sets a stored policy's created_by and modified_by, which the
// fake otherwise writes as "falcontest" on every policy, so that a test of
// the sort by those fields has values to order.
func (s *Server) SetAuthors(id, createdBy, modifiedBy string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.policies[id]
	p.CreatedBy, p.ModifiedBy = createdBy, modifiedBy
}
