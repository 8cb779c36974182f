export { ProposalPage } from './proposals/proposal-page.js';
