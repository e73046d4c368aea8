# shape: wkgsh:SourceDocument-title
# focus: id:source-ror-uvic
# path: dcterms:title
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a title written without its language
DELETE { GRAPH ?g { id:source-ror-uvic ?p ?old } }
INSERT { GRAPH ?g { id:source-ror-uvic ?p "Research Organization Registry: University of Victoria" } }
WHERE {
  VALUES ?p { dcterms:title }
  GRAPH ?g { id:source-ror-uvic ?p ?old }
} ;
