import {
  GraphQLEnumType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import type { ArticleRecord, Store } from '../store.ts';

/** What a resolver sees: the project, and whether the request asked for drafts. */
export interface CdaContext {
  store: Store;
  includeDrafts: boolean;
}

const ItemId = new GraphQLScalarType({ name: 'ItemId', serialize: String, parseValue: String });

const SiteLocale = (locales: string[]) =>
  new GraphQLEnumType({ name: 'SiteLocale', values: Object.fromEntries(locales.map((l) => [l, { value: l }])) });

const ItemStatus = new GraphQLEnumType({
  name: 'ItemStatus',
  values: { draft: { value: 'draft' }, updated: { value: 'updated' }, published: { value: 'published' } },
});

const status = (article: ArticleRecord): string =>
  article.published === null ? 'draft' : article.published.title === article.draft.title ? 'published' : 'updated';

/** A tiny DatoCMS-like schema: the site, and one model with the draft/published system on. */
export function buildCdaSchema(locales: string[]): GraphQLSchema {
  const Site = new GraphQLObjectType({
    name: 'Site',
    fields: { locales: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(SiteLocale(locales)))) } },
  });
  const Article = new GraphQLObjectType<ArticleRecord, CdaContext>({
    name: 'ArticleRecord',
    fields: {
      id: { type: new GraphQLNonNull(ItemId) },
      title: {
        type: GraphQLString,
        resolve: (article, _args, ctx) => (ctx.includeDrafts ? article.draft.title : article.published?.title),
      },
      _status: { type: new GraphQLNonNull(ItemStatus), resolve: status },
    },
  });
  const visible = (ctx: CdaContext) => ctx.store.articles.filter((a) => ctx.includeDrafts || a.published !== null);
  const Query = new GraphQLObjectType<unknown, CdaContext>({
    name: 'Query',
    fields: {
      _site: { type: new GraphQLNonNull(Site), resolve: (_root, _args, ctx) => ({ locales: ctx.store.site.locales }) },
      allArticles: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Article))),
        args: { first: { type: GraphQLInt } },
        resolve: (_root, args: { first?: number }, ctx) => visible(ctx).slice(0, args.first ?? 20),
      },
      article: {
        type: Article,
        args: { id: { type: ItemId } },
        resolve: (_root, args: { id?: string }, ctx) => visible(ctx).find((a) => a.id === args.id) ?? null,
      },
    },
  });
  return new GraphQLSchema({ query: Query });
}
