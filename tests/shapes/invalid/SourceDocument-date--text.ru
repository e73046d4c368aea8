# shape: wkgsh:SourceDocument-date
# focus: id:source-big-partner-profile
# path: dcterms:date
# component: sh:OrConstraintComponent
# severity: Violation
# why: a source date written as words
DELETE { GRAPH ?g { id:source-big-partner-profile ?p ?old } }
INSERT { GRAPH ?g { id:source-big-partner-profile ?p "c. 2022" } }
WHERE {
  VALUES ?p { dcterms:date }
  GRAPH ?g { id:source-big-partner-profile ?p ?old }
} ;
